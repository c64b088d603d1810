package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ProviderException;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.ogem.routing.Scripted.answer;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PingerTest {

    private final Scripted scripted = new Scripted();
    private final StateStore store = StateStore.inMemory(scripted.clock);
    private final Catalog catalog = catalog(Duration.ZERO,
            provider("a", region("a", model("first", 0, 0), model("second", 0, 0))),
            provider("b", region("b", model("m", 0, 0))), provider("c", region("c", model("m", 0, 0))));
    private final PingingRouter router = (PingingRouter) Router.builder().catalog(catalog).clients(scripted::client)
            .store(store).settings(scripted.settings()).build();

    private EndpointStatus status(String provider) {
        return router.status().stream().filter(s -> s.provider().equals(provider)).findFirst().orElseThrow();
    }

    @Test
    void aPingIsAOneTokenCompletionAgainstTheFirstModelAndMeasuresLatency() {
        scripted.latency.put("a/a", Duration.ofMillis(12));
        router.pingAll();
        assertEquals(3, scripted.requests.size());
        var ping = scripted.requests.stream().filter(r -> r.model().equals("first")).findFirst().orElseThrow();
        assertEquals(1, ping.outputLimit().orElseThrow());
        assertEquals("ping", ping.messages().getFirst().text());
        Duration measured = status("a").latency().orElseThrow();
        // the fake monotonic clock is shared by the concurrent pings: the others' 1 ms may count too
        assertTrue(measured.compareTo(Duration.ofMillis(12)) >= 0 && measured.compareTo(Duration.ofMillis(14)) <= 0,
                measured.toString());
        assertEquals("healthy", status("a").health());
        assertTrue(status("a").lastChecked().isPresent());
    }

    @Test
    void aFailedOrHungPingMarksTheRegionUnhealthyAndNeverMakesItLookFast() {
        scripted.latency.put("b/b", Duration.ofMillis(40));
        router.pingAll();
        Duration before = status("b").latency().orElseThrow();
        scripted.behaviour.put("b/b", r -> {
            throw ProviderException.of(ProviderException.Kind.UNREACHABLE, "down");
        });
        scripted.behaviour.put("c/c", r -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer("late", 2);
        });
        long start = System.nanoTime();
        router.pingAll();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "pings run at once, with a timeout");
        assertEquals("unhealthy", status("b").health());
        assertEquals(before, status("b").latency().orElseThrow(), "the old latency is kept, not improved");
        assertEquals("unhealthy", status("c").health());
        scripted.behaviour.clear();
        router.pingAll();
        assertEquals("healthy", status("b").health(), "a successful ping heals it");
    }

    @Test
    void aPingPassesAdmissionAndAFullBucketSkipsIt() {
        Catalog limited = catalog(Duration.ZERO, provider("a", region("a", model("m", 1, 0))));
        PingingRouter one = (PingingRouter) Router.builder().catalog(limited).clients(scripted::client).store(store)
                .settings(scripted.settings()).build();
        one.pingAll();
        one.pingAll();
        assertEquals(List.of("a/a"), scripted.calls);
    }
}

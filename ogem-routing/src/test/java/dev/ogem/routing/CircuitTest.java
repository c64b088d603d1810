package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated endpoint failures open a fleet-wide circuit; after it, one trial request decides. */
class CircuitTest {

    private final Scripted scripted = new Scripted();
    private final StateStore store = StateStore.inMemory(scripted.clock);
    private final Router router = Router.builder()
            .catalog(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
                    provider("b", region("b", model("m", 0, 0)))))
            .clients(scripted::client).store(store).settings(scripted.settings()).build();

    private void failA() {
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.of(ProviderException.Kind.SERVER_ERROR, "boom");
        });
    }

    private String served() {
        return router.complete(ask("a/m,m"), RouteOptions.DEFAULT).route().provider();
    }

    @Test
    void threeFailuresInARowOpenTheCircuitThenOneTrialClosesIt() {
        failA();
        for (int i = 0; i < 3; i++) {
            assertEquals("b", served(), "falls back to the chain's next entry");
        }
        assertTrue(store.cooldownRemaining("circuit:a/a").isPresent(), "open for the whole fleet");
        int callsToA = (int) scripted.calls.stream().filter("a/a"::equals).count();
        assertEquals("b", served());
        assertEquals(callsToA, scripted.calls.stream().filter("a/a"::equals).count(), "an open circuit is not called");

        scripted.clock.advance(Duration.ofSeconds(31));
        assertEquals("b", served(), "the trial fails: open again");
        assertTrue(store.cooldownRemaining("circuit:a/a").isPresent());
        scripted.clock.advance(Duration.ofSeconds(31));
        scripted.behaviour.clear();
        assertEquals("a", served(), "the trial succeeds: closed");
        assertEquals("a", served());
    }

    @Test
    void everyEndpointWithAnOpenCircuitIsA503WithRetryAfter() {
        Router only = Router.builder().catalog(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0)))))
                .clients(scripted::client).store(store).settings(scripted.settings()).build();
        failA();
        for (int i = 0; i < 3; i++) {
            assertThrows(ProviderException.class, () -> only.complete(ask("m")));
        }
        ProviderException open = assertThrows(ProviderException.class, () -> only.complete(ask("m")));
        assertEquals(503, open.status());
        assertTrue(open.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(30)) <= 0);
        assertEquals(List.of("a/a", "a/a", "a/a"), scripted.calls);
    }
}

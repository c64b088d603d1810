package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.QuotaException;
import dev.ogem.api.RegionSpec;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.Providers;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.ogem.routing.Scripted.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three regions of one model on loopback, 5, 20 and 80 ms away, behind real OpenAI-protocol clients.
 * Latency is measured for real; every decision that depends on time (cooldowns, penalties, waits) runs
 * on a fake clock, so nothing here sleeps to let time pass.
 */
class RoutingSimulationTest {

    // Gaps of tens of milliseconds, so that scheduling noise on a busy machine cannot reorder the regions.
    private static final Map<String, Duration> DELAYS = Map.of("fast", Duration.ofMillis(5),
            "mid", Duration.ofMillis(60), "slow", Duration.ofMillis(200));

    private final Scripted time = new Scripted();
    private final Map<String, FakeUpstream> upstreams = new HashMap<>();
    private final StateStore store = StateStore.inMemory(time.clock);
    private PingingRouter router;

    @BeforeEach
    void start() {
        for (String name : List.of("fast", "mid", "slow")) {
            FakeUpstream upstream = FakeUpstream.start();
            upstreams.put(name, upstream);
            normal(name);
        }
        Catalog catalog = new Catalog(List.of(region("fast"), region("mid"), region("slow")), Duration.ofMinutes(1),
                Duration.ZERO);
        Providers providers = Providers.create(catalog, ProviderSettings.builder().build());
        RouterSettings settings = time.settings().toBuilder().nanoTime(System::nanoTime)
                .firstByteTimeout(Duration.ofMillis(500)).pingTimeout(Duration.ofSeconds(1)).build();
        // Warm up the JVM and the connections on a throw-away router, so cold-start outliers do not skew
        // the moving averages of the router under test.
        try (PingingRouter warmUp = (PingingRouter) Router.builder().catalog(catalog).clients(providers::client)
                .store(StateStore.inMemory(time.clock)).settings(settings).build()) {
            for (int i = 0; i < 3; i++) {
                warmUp.pingAll();
            }
        }
        router = (PingingRouter) Router.builder().catalog(catalog).clients(providers::client).store(store)
                .settings(settings).build();
        for (int i = 0; i < 5; i++) {
            router.pingAll();
        }
    }

    @AfterEach
    void stop() {
        router.close();
        upstreams.values().forEach(FakeUpstream::close);
    }

    private ProviderSpec region(String name) {
        return new ProviderSpec(name, ProviderKind.CUSTOM, Optional.of(upstreams.get(name).baseUrl()), Optional.empty(),
                List.of(new RegionSpec(name, List.of(new ModelSpec("m", List.of(), null, 0, 0)))));
    }

    private void normal(String name) {
        answer(name, r -> Reply.json(200, OpenAiFixtures.completion("m", name)).delayed(DELAYS.get(name)));
    }

    private void answer(String name, Function<FakeUpstream.Recorded, Reply> script) {
        upstreams.get(name).answer(script);
    }

    private String route() {
        return router.complete(ask("m"), RouteOptions.DEFAULT).route().provider();
    }

    private int received(String name) {
        return upstreams.get(name).received().size();
    }

    @Test
    void mostTrafficGoesToTheFastestRegion() {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            served.merge(route(), 1, Integer::sum);
        }
        assertTrue(served.getOrDefault("fast", 0) >= 25, served.toString());
        assertEquals(0, served.getOrDefault("slow", 0), served.toString());
        List<EndpointStatus> status = router.status();
        assertTrue(status.get(0).latency().orElseThrow().compareTo(status.get(1).latency().orElseThrow()) < 0);
        assertTrue(status.get(1).latency().orElseThrow().compareTo(status.get(2).latency().orElseThrow()) < 0);
    }

    @Test
    void a429OnTheFastestMovesTheVeryNextRequestAndTrafficReturnsAfterTheCooldown() {
        assertEquals("fast", route());
        answer("fast", r -> Reply.json(429, OpenAiFixtures.error("slow down", "requests", "rate_limit_exceeded"))
                .withHeader("Retry-After", "30"));
        assertEquals("mid", route(), "the throttled request itself falls back");
        normal("fast");
        int fastBefore = received("fast");
        assertEquals("mid", route(), "the very next request skips the cooling region");
        assertEquals(fastBefore, received("fast"));
        time.clock.advance(Duration.ofSeconds(31));
        assertEquals("fast", route(), "back after the cooldown");
    }

    @Test
    void aRegionThatHangsIsAbandonedWithinTheFirstByteTimeout() {
        answer("fast", r -> Reply.json(200, OpenAiFixtures.completion("m", "too late")).delayed(Duration.ofSeconds(10)));
        long start = System.nanoTime();
        assertEquals("mid", route());
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 2_000, "abandoned after the 500 ms first-byte timeout, took " + took + " ms");
        assertEquals("mid", route(), "the timed-out region is behind the healthy ones for the failure penalty");
    }

    @Test
    void aRegionWhosePingsFailIsNotPreferred() {
        answer("fast", r -> isPing(r) ? Reply.json(500, OpenAiFixtures.error("down", "server_error", null))
                : Reply.json(200, OpenAiFixtures.completion("m", "fast")).delayed(DELAYS.get("fast")));
        Duration before = router.status().getFirst().latency().orElseThrow();
        router.pingAll();
        assertEquals("unhealthy", router.status().getFirst().health());
        assertEquals(before, router.status().getFirst().latency().orElseThrow(), "a failed ping never looks fast");
        assertEquals("mid", route());
    }

    @Test
    void withEveryRegionThrottledTheCallerGets429WithRetryAfterInBoundedTime() {
        for (String name : List.of("fast", "mid", "slow")) {
            answer(name, r -> Reply.json(429, OpenAiFixtures.error("slow down", "requests", "rate_limit_exceeded"))
                    .withHeader("Retry-After", "5"));
        }
        long start = System.nanoTime();
        QuotaException e = assertThrows(QuotaException.class, () -> route());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "bounded in real time");
        assertEquals(Duration.ofSeconds(5), e.retryAfter().orElseThrow());
        Duration waited = time.slept.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofMinutes(1)) <= 0, "waits stay within retry_interval: " + waited);
        assertTrue(waited.compareTo(Duration.ofSeconds(5)) >= 0, "it did wait for the shortest wait: " + waited);
    }

    private static boolean isPing(FakeUpstream.Recorded request) {
        return request.json().path("max_tokens").asInt() == 1;
    }

}

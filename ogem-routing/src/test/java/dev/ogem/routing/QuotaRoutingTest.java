package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ProviderException;
import dev.ogem.api.QuotaException;
import dev.ogem.api.StreamChunk;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.chunk;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static dev.ogem.routing.Scripted.request;
import static dev.ogem.routing.Scripted.usageChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission through the StateStore: rpm/tpm, waits bounded by retry_interval and the deadline, settling. */
class QuotaRoutingTest {

    private final Scripted scripted = new Scripted();
    private final RecordingStore store = new RecordingStore(StateStore.inMemory(scripted.clock));

    private Router router(Catalog catalog) {
        return Router.builder().catalog(catalog).clients(scripted::client).store(store).settings(scripted.settings())
                .build();
    }

    @Test
    void aFullBucketMovesToTheNextCandidateAndThenAnswers429WithRetryAfter() {
        Router router = router(catalog(Duration.ZERO,
                provider("a", region("a", model("gpt-4o", 2, 0))),
                provider("b", region("b", model("gpt-4o", 1, 0)))));
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            served.add(router.complete(ask("gpt-4o"), RouteOptions.DEFAULT).route().provider());
        }
        assertEquals(List.of("a", "a", "b"), served);
        QuotaException e = assertThrows(QuotaException.class, () -> router.complete(ask("gpt-4o")));
        assertEquals(429, e.status());
        assertEquals("rate_limit_exceeded", e.code().orElseThrow());
        assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
        assertEquals(3, scripted.calls.size(), "the refused request reached no upstream");
        assertTrue(scripted.slept.isEmpty(), "retry_interval 0 never waits");
    }

    @Test
    void whenEverythingIsFullTheRouterWaitsForTheShortestWaitWithinRetryInterval() {
        Router router = router(catalog(Duration.ofMinutes(2), provider("a", region("a", model("m", 1, 0)))));
        router.complete(ask("m"));
        scripted.clock.advance(Duration.ofSeconds(15));
        router.complete(ask("m"));
        assertEquals(List.of(Duration.ofSeconds(45)), scripted.slept, "waited exactly until the window freed up");
        assertEquals(2, scripted.calls.size());
    }

    @Test
    void aWaitLongerThanRetryIntervalOrTheDeadlineIsA429AtOnce() {
        Router shortRetry = router(catalog(Duration.ofSeconds(30), provider("a", region("a", model("m", 1, 0)))));
        shortRetry.complete(ask("m"));
        assertThrows(QuotaException.class, () -> shortRetry.complete(ask("m")));
        Router longRetry = router(catalog(Duration.ofMinutes(5), provider("b", region("b", model("m", 1, 0)))));
        longRetry.complete(ask("m"));
        assertThrows(QuotaException.class,
                () -> longRetry.complete(ask("m"), new RouteOptions(Optional.of(Duration.ofSeconds(20)), false)));
        assertTrue(scripted.slept.isEmpty());
    }

    @Test
    void aRequestLargerThanEveryTpmIsA400AndOnlyFitsWhereItCan() {
        ChatRequest big = request("{\"model\":\"m\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Router limited = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 1000)))));
        CallerException e = assertThrows(CallerException.class, () -> limited.complete(big));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        Router mixed = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 1000))),
                provider("b", region("b", model("m", 0, 0)))));
        assertEquals("b", mixed.complete(big, RouteOptions.DEFAULT).route().provider());
    }

    @Test
    void successSettlesToTheRealUsageSoTheTpmWindowCountsWhatWasUsed() {
        // Each reservation is ~60 tokens (prompt + max_tokens 50); settled to 7 each, ten fit in 200 tpm.
        Router router = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 200)))));
        ChatRequest ask = request("{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        for (int i = 0; i < 10; i++) {
            router.complete(ask);
        }
        assertEquals(10, scripted.calls.size());
        assertTrue(store.reserved.getFirst() > 50, "prompt estimate plus output budget: " + store.reserved);
        assertTrue(store.settled.stream().allMatch(t -> t == 7), store.settled.toString());
    }

    @Test
    void aFailedCallIsRefunded() {
        Router router = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 100)))));
        ChatRequest ask = request("{\"model\":\"m\",\"max_tokens\":60,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.of(ProviderException.Kind.SERVER_ERROR, "boom");
        });
        assertThrows(ProviderException.class, () -> router.complete(ask));
        scripted.behaviour.clear();
        router.complete(ask);
        assertEquals(List.of(0L, 7L), store.settled, "refund, then the real usage");
    }

    @Test
    void anUpstream429CoolsItsBucketFleetWideForRetryAfter() {
        Router router = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
                provider("b", region("b", model("m", 0, 0)))));
        assertEquals("a", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.builder(ProviderException.Kind.RATE_LIMITED, "slow down")
                    .retryAfter(Duration.ofSeconds(5)).build();
        });
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        scripted.behaviour.clear();
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        assertEquals(List.of("a/a", "a/a", "b/b", "b/b"), scripted.calls, "the cooling endpoint was not called");
        assertTrue(store.cooldownRemaining("limit:a/a/m").isPresent());
        scripted.clock.advance(Duration.ofSeconds(6));
        assertEquals("a", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
    }

    @Test
    void exhaustedRateLimitHeadersCoolTheBucketUntilTheReset() {
        Catalog catalog = catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
                provider("b", region("b", model("m", 0, 0))));
        Router router = router(catalog);
        Endpoint a = catalog.endpoints().findFirst().orElseThrow();
        assertEquals("a", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        Router.upstreamLimits(store).exhausted(a, "m", Duration.ofSeconds(20));
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        scripted.clock.advance(Duration.ofSeconds(21));
        assertEquals("a", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
    }

    @Test
    void everyEndpointThrottledUpstreamIsA429WithTheShortestRetryAfter() {
        Router router = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
                provider("b", region("b", model("m", 0, 0)))));
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.builder(ProviderException.Kind.RATE_LIMITED, "a").retryAfter(Duration.ofSeconds(3)).build();
        });
        scripted.behaviour.put("b/b", r -> {
            throw ProviderException.of(ProviderException.Kind.RATE_LIMITED, "b");
        });
        QuotaException e = assertThrows(QuotaException.class, () -> router.complete(ask("m")));
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow(), "b has the 10 s default");
    }

    @Test
    void aStreamAsksForUsageSettlesToItAndHidesItFromAClientThatDidNotAsk() {
        Router router = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 10_000)))));
        scripted.streams.put("a/a", List.of(chunk("x"), chunk("y"), usageChunk(42)));
        List<ChatChunk> got = drain(router.stream(request(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertEquals(2, got.size());
        assertTrue(got.stream().allMatch(c -> c.usage().isEmpty()));
        assertTrue(scripted.requests.getFirst().streamOptions().orElseThrow().includeUsage().orElseThrow());
        assertEquals(List.of(42L), store.settled);

        List<ChatChunk> asked = drain(router.stream(request("{\"model\":\"m\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertEquals(3, asked.size());
        assertEquals(42, asked.getLast().usage().orElseThrow().totalTokens());
    }

    @Test
    void aStreamTheClientLeavesSettlesToTheEstimate() {
        Router router = router(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 10_000)))));
        scripted.streams.put("a/a", List.of(chunk("x"), chunk("y"), usageChunk(42)));
        ChunkStream stream = router.stream(request(
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertTrue(stream.next().isPresent());
        stream.close();
        stream.close();
        assertEquals(List.of(store.reserved.getFirst()), store.settled, "settled once, to the reservation");
        assertFalse(store.reserved.isEmpty());
    }

    private static List<ChatChunk> drain(ChunkStream stream) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (stream) {
            Optional<StreamChunk> next;
            while ((next = stream.next()).isPresent()) {
                chunks.add(next.get().chunk());
            }
        }
        return chunks;
    }
}

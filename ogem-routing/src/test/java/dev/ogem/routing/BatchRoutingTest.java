package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.ogem.routing.Scripted.answer;
import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @batch} models through the batch lane: endpoint and model, no admission, no fallback on batch_pending, no streams. */
class BatchRoutingTest {

    private final Scripted scripted = new Scripted();
    private final RecordingStore store = new RecordingStore(StateStore.inMemory(scripted.clock));
    private final FakeLane queue = new FakeLane();
    private Router router;

    /** A batch lane for every endpoint but Claude's, that records what it was given and answers as told. */
    private static final class FakeLane implements BatchLane {
        final List<String> targets = Collections.synchronizedList(new ArrayList<>());
        final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        Function<ChatRequest, ChatResponse> behaviour = r -> answer("batched", 7);

        @Override
        public boolean serves(Endpoint endpoint) {
            return endpoint.provider().kind() != ProviderKind.CLAUDE;
        }

        @Override
        public ChatResponse submit(Endpoint endpoint, String model, ChatRequest request, Duration maxWait) {
            targets.add(endpoint.label() + " " + model);
            waits.add(maxWait);
            return behaviour.apply(request);
        }
    }

    private static ProviderSpec provider(String name, ProviderKind kind) {
        return new ProviderSpec(name, kind, Optional.empty(), Optional.empty(),
                List.of(region(name, model("gpt-4o@batch", 1, 100_000, "cheap"), model("gpt-4o", 100, 1_000_000))));
    }

    private Router router(ProviderSpec... providers) {
        Catalog catalog = Scripted.catalog(Duration.ofSeconds(30), providers);
        router = Router.builder().catalog(catalog).clients(scripted::client).store(store).settings(scripted.settings())
                .batchLane(queue).build();
        return router;
    }

    @AfterEach
    void close() {
        if (router != null) {
            router.close();
        }
    }

    @Test
    void aBatchNameGoesToTheQueueWithoutItsSuffixAndWithoutAdmission() {
        router(provider("openai", ProviderKind.OPENAI));
        Routed<ChatResponse> routed = router.complete(ask("gpt-4o@batch"),
                new RouteOptions(Optional.of(Duration.ofSeconds(90)), false));
        assertEquals("batched", routed.value().choices().getFirst().message().text());
        assertEquals(new Route("openai", "openai", "gpt-4o"), routed.route());
        assertEquals(List.of("openai/openai gpt-4o"), queue.targets);
        assertEquals(List.of(Duration.ofSeconds(90)), queue.waits, "the caller's remaining deadline");
        assertEquals(List.of(), scripted.calls, "no real-time call");
        assertEquals(List.of(), store.reserved, "no rpm/tpm admission: rpm 1 would allow one call only");
        router.complete(ask("cheap"), RouteOptions.DEFAULT);
        assertEquals(2, queue.targets.size(), "an alias of a batch name goes to the queue too");
        assertTrue(routed.cache().isEmpty(), "batch answers are not cached");
    }

    @Test
    void batchPendingIsTheAnswerWithoutFallback() {
        router(provider("openai", ProviderKind.OPENAI));
        queue.behaviour = r -> {
            throw PendingException.batch("req-1", "batch_1");
        };
        PendingException pending = assertThrows(PendingException.class,
                () -> router.complete(ask("gpt-4o@batch,gpt-4o"), RouteOptions.DEFAULT));
        assertEquals(Optional.of("batch_pending"), pending.code());
        assertEquals(504, pending.status());
        assertEquals(List.of(), scripted.calls, "a fallback would send the request at full price");
    }

    @Test
    void aRetryableBatchFailureMovesToTheNextChainEntryAndAFatalOneIsTheAnswer() {
        router(provider("openai", ProviderKind.OPENAI));
        queue.behaviour = r -> {
            throw ProviderException.of(ProviderException.Kind.TIMEOUT, "The batch expired.");
        };
        Routed<ChatResponse> routed = router.complete(ask("gpt-4o@batch,gpt-4o"), RouteOptions.DEFAULT);
        assertEquals("openai/openai", routed.value().choices().getFirst().message().text());
        queue.behaviour = r -> {
            throw ProviderException.builder(ProviderException.Kind.REJECTED, "Bad request.").status(400).build();
        };
        ProviderException fatal = assertThrows(ProviderException.class,
                () -> router.complete(ask("gpt-4o@batch,gpt-4o"), RouteOptions.DEFAULT));
        assertEquals(ProviderException.Kind.REJECTED, fatal.kind());
        assertEquals(1, scripted.calls.size(), "only the expired batch fell back");
    }

    @Test
    void aBatchStreamIsRefusedBeforeAnyCall() {
        router(provider("openai", ProviderKind.OPENAI));
        CallerException refused = assertThrows(CallerException.class,
                () -> router.stream(ask("gpt-4o,gpt-4o@batch"), RouteOptions.DEFAULT));
        assertEquals(400, refused.status());
        assertEquals(Optional.of("stream"), refused.param());
        assertEquals(List.of(), scripted.calls);
        assertEquals(List.of(), queue.targets);
    }

    @Test
    void anEndpointWithoutABatchApiGetsTheNameUnchanged() {
        router(provider("claude", ProviderKind.CLAUDE));
        Routed<ChatResponse> routed = router.complete(ask("gpt-4o@batch"), RouteOptions.DEFAULT);
        assertEquals("claude/claude", routed.value().choices().getFirst().message().text());
        assertEquals("gpt-4o@batch", scripted.requests.getFirst().model());
        assertEquals(List.of(), queue.targets);
    }
}

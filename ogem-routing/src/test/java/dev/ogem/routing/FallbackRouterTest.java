package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.Message;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.api.StreamChunk;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FallbackRouterTest {

    private static final ModelSpec GPT = new ModelSpec("gpt-4o", List.of("gpt4"), null, 0, 0);
    private static final ModelSpec SMALL = new ModelSpec("small", List.of(), null, 0, 0);

    private final Catalog catalog = new Catalog(List.of(
            provider("a", region("east", GPT), region("west", GPT)),
            provider("b", region("b", GPT, SMALL))), Duration.ZERO, Duration.ZERO);

    /** What each endpoint does, and what it was asked. */
    private final Map<String, Behaviour> behaviour = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Router router = Router.create(catalog, this::client);

    private interface Behaviour {
        ChatResponse answer(ChatRequest request);
    }

    private static ProviderSpec provider(String name, RegionSpec... regions) {
        return new ProviderSpec(name, ProviderKind.CUSTOM, Optional.empty(), Optional.empty(), List.of(regions));
    }

    private static RegionSpec region(String name, ModelSpec... models) {
        return new RegionSpec(name, List.of(models));
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).messages(List.of(Message.of("user", "hi"))).build();
    }

    private static ChatResponse answer(String text) {
        return ChatResponse.of("id", 0, "m", List.of(ChatResponse.Choice.of(0, Message.of("assistant", text), "stop")),
                Optional.empty());
    }

    private static Behaviour failing(Kind kind) {
        return request -> {
            throw ProviderException.of(kind, kind.name());
        };
    }

    private LlmClient client(Endpoint endpoint) {
        return new LlmClient() {
            @Override
            public ChatResponse complete(ChatRequest request) {
                calls.add(endpoint.label() + ":" + request.model());
                return behaviour.getOrDefault(endpoint.label(), r -> FallbackRouterTest.answer(endpoint.label())).answer(request);
            }

            @Override
            public ChunkStream stream(ChatRequest request) {
                ChatResponse response = complete(request);
                AtomicBoolean sent = new AtomicBoolean();
                return new ChunkStream() {
                    @Override
                    public Optional<StreamChunk> next() {
                        return sent.getAndSet(true) ? Optional.empty() : Optional.of(StreamChunk.of(ChatChunk.of(
                                response.id(), 0, response.model(), List.of())));
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    @Test
    void sendsTheCanonicalNameForAnAlias() {
        router.complete(ask("gpt4"));
        assertEquals(List.of("a/east:gpt-4o"), calls);
    }

    @Test
    void retryableFailuresMoveToTheNextEndpoint() {
        behaviour.put("a/east", failing(Kind.RATE_LIMITED));
        behaviour.put("a/west", failing(Kind.SERVER_ERROR));
        ChatResponse response = router.complete(ask("gpt-4o"));
        assertEquals("b/b", response.choices().getFirst().message().text());
        assertEquals(List.of("a/east:gpt-4o", "a/west:gpt-4o", "b/b:gpt-4o"), calls);
    }

    @Test
    void callerErrorsFromUpstreamAreReturnedAsIsAndNotRetried() {
        behaviour.put("a/east", failing(Kind.REJECTED));
        ProviderException e = assertThrows(ProviderException.class, () -> router.complete(ask("gpt-4o,small")));
        assertEquals(Kind.REJECTED, e.kind());
        assertEquals(List.of("a/east:gpt-4o"), calls);
    }

    @Test
    void contextWindowMovesToTheNextChainEntry() {
        behaviour.put("a/east", failing(Kind.CONTEXT_WINDOW_EXCEEDED));
        ChatResponse response = router.complete(ask("gpt-4o,small"));
        assertEquals("b/b", response.choices().getFirst().message().text());
        assertEquals(List.of("a/east:gpt-4o", "b/b:small"), calls);
    }

    @Test
    void narrowsByProviderAndRegion() {
        router.complete(ask("a/west/gpt-4o"));
        router.complete(ask("b/gpt4"));
        assertEquals(List.of("a/west:gpt-4o", "b/b:gpt-4o"), calls);
    }

    @Test
    void theLastRetryableFailureIsReportedWhenAllFail() {
        behaviour.put("a/east", failing(Kind.TIMEOUT));
        behaviour.put("a/west", failing(Kind.TIMEOUT));
        behaviour.put("b/b", failing(Kind.OVERLOADED));
        ProviderException e = assertThrows(ProviderException.class, () -> router.complete(ask("gpt-4o")));
        assertEquals(Kind.OVERLOADED, e.kind());
        assertEquals(3, calls.size());
    }

    @Test
    void unknownModelsAre404BeforeAnyCall() {
        CallerException e = assertThrows(CallerException.class, () -> router.complete(ask("gpt-4o,nope")));
        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code().orElseThrow());
        assertTrue(calls.isEmpty());
        assertThrows(CallerException.class, () -> router.complete(ask("c/gpt-4o")));
    }

    @Test
    void aStreamFallsBackWhenItFailsBeforeItsFirstChunk() {
        behaviour.put("a/east", failing(Kind.UNREACHABLE));
        try (ChunkStream stream = router.stream(ask("gpt-4o"))) {
            assertTrue(stream.next().isPresent());
            assertTrue(stream.next().isEmpty());
        }
        assertEquals(List.of("a/east:gpt-4o", "a/west:gpt-4o"), calls);
    }
}

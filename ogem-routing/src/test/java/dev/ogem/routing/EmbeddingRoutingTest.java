package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Embedding;
import dev.ogem.api.EmbeddingInput;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelKind;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.QuotaException;
import dev.ogem.api.RegionSpec;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embeddings take the router's one way: the chain resolved for embedding models, admission against rpm/tpm,
 * fallback, the cache, and a 400 for models of another kind or on a provider without embeddings.
 */
class EmbeddingRoutingTest {

    private final Scripted scripted = new Scripted();
    private final RecordingStore store = new RecordingStore(StateStore.inMemory(scripted.clock));
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<EmbeddingRequest> sent = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> failing = new HashSet<>();

    private Router router(Catalog catalog) {
        return Router.builder().catalog(catalog).clients(this::client).store(store).settings(scripted.settings())
                .build();
    }

    private LlmClient client(Endpoint endpoint) {
        LlmClient chat = scripted.client(endpoint);
        return new LlmClient() {
            @Override
            public ChatResponse complete(ChatRequest request) {
                return chat.complete(request);
            }

            @Override
            public ChunkStream stream(ChatRequest request) {
                return chat.stream(request);
            }

            @Override
            public EmbeddingResponse embed(EmbeddingRequest request) {
                calls.add(endpoint.label());
                sent.add(request);
                if (failing.contains(endpoint.label())) {
                    throw ProviderException.builder(ProviderException.Kind.SERVER_ERROR, "down").status(503).build();
                }
                List<Embedding> data = new ArrayList<>();
                for (int i = 0; i < request.inputs().size(); i++) {
                    data.add(Embedding.of(i, new float[] {i, 0.5f}, request.base64()));
                }
                return EmbeddingResponse.of(data, request.model(), EmbeddingResponse.Usage.of(5));
            }
        };
    }

    private static ProviderSpec provider(String name, ProviderKind kind, ModelSpec... models) {
        return new ProviderSpec(name, kind, Optional.empty(), Optional.empty(),
                List.of(new RegionSpec(name, List.of(models))));
    }

    private static ModelSpec model(String name, long rpm, long tpm, String... aliases) {
        return new ModelSpec(name, List.of(aliases), null, rpm, tpm);
    }

    private static EmbeddingRequest embed(String model, String... texts) {
        return EmbeddingRequest.of(model, new EmbeddingInput.Texts(List.of(texts), false));
    }

    @Test
    void anEmbeddingModelIsRoutedUnderItsCanonicalNameAndSettledToItsUsage() {
        Router router = router(catalog(Duration.ZERO, provider("a", ProviderKind.OPENAI,
                model("text-embedding-3-small", 0, 0, "small"))));
        Routed<EmbeddingResponse> routed = router.embed(embed("small", "hello world", "again"), RouteOptions.DEFAULT);
        assertEquals(new Route("a", "a", "text-embedding-3-small"), routed.route());
        assertEquals("text-embedding-3-small", sent.getFirst().model());
        assertEquals(2, routed.value().data().size());
        assertArrayEquals(new float[] {1, 0.5f}, routed.value().data().get(1).values());
        assertEquals(List.of(3L), store.reserved, "cl100k_base: 'hello world' is 2 tokens, 'again' 1, none out");
        assertEquals(List.of(5L), store.settled);
    }

    @Test
    void aFailingEndpointFallsBackToTheNextCandidateAndChainEntry() {
        Router router = router(catalog(Duration.ZERO,
                provider("a", ProviderKind.OPENAI, model("text-embedding-3-small", 0, 0)),
                provider("b", ProviderKind.STUDIO, model("gemini-embedding-001", 0, 0))));
        failing.add("a/a");
        Routed<EmbeddingResponse> routed = router.embed(embed("text-embedding-3-small,gemini-embedding-001", "x"),
                RouteOptions.DEFAULT);
        assertEquals(List.of("a/a", "b/b"), calls);
        assertEquals("b", routed.route().provider());
        assertEquals("gemini-embedding-001", sent.get(1).model());
    }

    @Test
    void rpmAndTpmAdmitEmbeddingsLikeChat() {
        Router router = router(catalog(Duration.ZERO,
                provider("a", ProviderKind.OPENAI, model("text-embedding-3-small", 1, 0)),
                provider("b", ProviderKind.OPENAI, model("text-embedding-3-small", 0, 3))));
        assertEquals("a", router.embed(embed("text-embedding-3-small", "one"), RouteOptions.DEFAULT).route().provider());
        assertEquals("b", router.embed(embed("text-embedding-3-small", "two"), RouteOptions.DEFAULT).route().provider());
        QuotaException e = assertThrows(QuotaException.class,
                () -> router.embed(embed("text-embedding-3-small", "three"), RouteOptions.DEFAULT));
        assertEquals(429, e.status());
        assertEquals(2, calls.size(), "the refused request reached no upstream");
    }

    @Test
    void aRepeatedRequestIsACacheHitWhatEverTheUserOrAliasButNotAcrossEncodings() {
        Router router = router(catalog(Duration.ZERO, provider("a", ProviderKind.OPENAI,
                model("text-embedding-3-small", 0, 0, "small"))));
        Routed<EmbeddingResponse> first = router.embed(embed("small", "hi"), RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.MISS), first.cache());
        EmbeddingRequest withUser = new EmbeddingRequest("text-embedding-3-small", embed("x", "hi").input(),
                Optional.empty(), Optional.empty(), Optional.of("u1"), new LinkedHashMap<>());
        Routed<EmbeddingResponse> second = router.embed(withUser, RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.HIT), second.cache());
        assertEquals(first.route(), second.route());
        assertArrayEquals(first.value().data().getFirst().values(), second.value().data().getFirst().values());
        assertEquals(first.value().usage(), second.value().usage());
        assertEquals(1, calls.size());
        EmbeddingRequest base64 = new EmbeddingRequest("small", embed("x", "hi").input(), Optional.empty(),
                Optional.of("base64"), Optional.empty(), new LinkedHashMap<>());
        assertEquals(Optional.of(CacheOutcome.MISS), router.embed(base64, RouteOptions.DEFAULT).cache());
        assertEquals(Optional.of(CacheOutcome.MISS),
                router.embed(embed("small", "hi"), new RouteOptions(Optional.empty(), true)).cache());
        assertEquals(3, calls.size(), "a bypass calls the upstream");
    }

    @Test
    void aModelServedOnlyByClaudeIsA400NamingIt() {
        Router router = router(catalog(Duration.ZERO, provider("claude", ProviderKind.CLAUDE, model("claude-sonnet-4", 0, 0))));
        CallerException e = assertThrows(CallerException.class,
                () -> router.embed(embed("claude-sonnet-4", "x"), RouteOptions.DEFAULT));
        assertEquals(400, e.status());
        assertEquals("model", e.param().orElseThrow());
        assertTrue(e.getMessage().contains("served only by claude, which has no embeddings API"), e.getMessage());
        assertTrue(calls.isEmpty());
    }

    @Test
    void aChatModelSentEmbeddingsAndAnEmbeddingModelSentChatAre400s() {
        Router router = router(catalog(Duration.ZERO, provider("a", ProviderKind.OPENAI,
                model("gpt-4o", 0, 0), model("text-embedding-3-small", 0, 0))));
        CallerException chatModel = assertThrows(CallerException.class,
                () -> router.embed(embed("gpt-4o", "x"), RouteOptions.DEFAULT));
        assertTrue(chatModel.getMessage().contains("kind: embedding"), chatModel.getMessage());
        CallerException embeddingModel = assertThrows(CallerException.class,
                () -> router.complete(ask("text-embedding-3-small")));
        assertTrue(embeddingModel.getMessage().contains("/v1/embeddings"), embeddingModel.getMessage());
        assertEquals(List.of(), calls);
        assertEquals(List.of(), scripted.calls);
    }

    @Test
    void aConfiguredKindOverridesTheName() {
        ModelSpec bge = new ModelSpec("bge-m3", List.of(), null, 0, 0, ModelKind.EMBEDDING);
        Router router = router(catalog(Duration.ZERO, provider("local", ProviderKind.CUSTOM, bge)));
        assertEquals("bge-m3", router.embed(embed("bge-m3", "x"), RouteOptions.DEFAULT).route().model());
    }

    @Test
    void tokenArraysAreCountedByTheirLength() {
        Router router = router(catalog(Duration.ZERO, provider("a", ProviderKind.OPENAI,
                model("text-embedding-3-small", 0, 0))));
        router.embed(EmbeddingRequest.of("text-embedding-3-small",
                new EmbeddingInput.Tokens(List.of(List.of(1, 2, 3), List.of(4, 5)), false)), RouteOptions.DEFAULT);
        assertEquals(List.of(5L), store.reserved);
    }

    @Test
    void anEmbeddingModelIsPingedWithAnEmbedding() {
        Catalog catalog = new Catalog(List.of(provider("a", ProviderKind.OPENAI, model("text-embedding-3-small", 0, 0))),
                Duration.ZERO, Duration.ZERO);
        try (PingingRouter router = PingingRouter.start(catalog, this::client, store, scripted.settings(),
                Optional.empty(), AttemptListener.NONE, Optional.empty())) {
            router.pingAll();
        }
        assertEquals(List.of("a/a"), calls);
        assertEquals(List.of(), scripted.calls, "no chat completion was sent to an embedding model");
        assertEquals("ping", ((EmbeddingInput.Texts) sent.getFirst().inputs()).texts().getFirst());
    }
}

package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.google.FakeServiceAccount;
import dev.ogem.providers.google.GoogleAuth;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.specs.Spec;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embeddings on AI Studio ({@code embedContent}, {@code batchEmbedContents}) and Vertex AI ({@code predict})
 * against a fake upstream on loopback: URLs, auth, the bodies (each valid against the published schema),
 * the answer in both encodings, usage, and what is refused.
 */
class GeminiEmbeddingsTest {

    private static final DiscoveryValidator STUDIO_SPEC = new DiscoveryValidator(
            Spec.GEMINI_EMBED.schemas(Spec.GEMINI_EMBED.document()));
    private static final DiscoveryValidator VERTEX_SPEC = new DiscoveryValidator(
            Spec.VERTEX_EMBED.schemas(Spec.VERTEX_EMBED.document()));

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        upstream.close();
    }

    private URI root() {
        return URI.create(upstream.baseUrl().toString().replaceFirst("/v1$", ""));
    }

    private LlmClient studio() {
        return GeminiClients.studio(http, "studio-key", root(), ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false));
    }

    private LlmClient vertex() {
        GoogleAuth auth = GoogleAuth.of(FakeServiceAccount.credentials(URI.create(upstream.baseUrl() + "/token")),
                Optional.of("p"));
        return GeminiClients.vertex(http, auth, "p", "us-central1", Optional.of(root()),
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of());
    }

    static EmbeddingRequest request(String json) throws Exception {
        return OpenAiJson.read(json, EmbeddingRequest.class);
    }

    private static void valid(DiscoveryValidator spec, String schema, JsonNode body) {
        assertEquals(List.of(), spec.validate(schema, body), body.toString());
    }

    /** A fake embedding of each text: {length, 0.5}. */
    private static String vector(String text) {
        return "[" + text.length() + ",0.5]";
    }

    @Test
    void oneTextGoesToEmbedContentWithOutputDimensionality() throws Exception {
        upstream.answer(r -> Reply.json(200, "{\"embedding\":{\"values\":[0.25,-1.5,3]}}"));
        EmbeddingResponse answer = studio().embed(request("""
                {"model":"gemini-embedding-001","input":"hello there","dimensions":3,"user":"u-1"}"""));
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("/v1beta/models/gemini-embedding-001:embedContent", sent.path());
        assertEquals("studio-key", sent.header("x-goog-api-key"));
        assertEquals(OpenAiJson.readTree("""
                {"content":{"parts":[{"text":"hello there"}]},"outputDimensionality":3}""".getBytes()), sent.json());
        valid(STUDIO_SPEC, "EmbedContentRequest", sent.json());
        assertEquals(1, answer.data().size());
        assertArrayEquals(new float[] {0.25f, -1.5f, 3f}, answer.data().getFirst().values());
        assertEquals("[0.25,-1.5,3.0]", answer.data().getFirst().embedding().toString());
        assertEquals("gemini-embedding-001", answer.model());
        assertEquals(3, answer.usage().orElseThrow().promptTokens(), "estimated: 11 characters / 4, rounded up");
        assertEquals(3, answer.usage().orElseThrow().totalTokens());
    }

    @Test
    void severalTextsGoToBatchEmbedContentsAHundredPerCallInOrder() throws Exception {
        upstream.answer(r -> {
            StringBuilder out = new StringBuilder("{\"embeddings\":[");
            JsonNode requests = r.json().get("requests");
            for (int i = 0; i < requests.size(); i++) {
                out.append(i == 0 ? "" : ",").append("{\"values\":")
                        .append(vector(requests.get(i).at("/content/parts/0/text").asText())).append('}');
            }
            return Reply.json(200, out.append("]}").toString());
        });
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < 130; i++) {
            input.append(i == 0 ? "" : ",").append('"').append("x".repeat(i + 1)).append('"');
        }
        EmbeddingResponse answer = studio().embed(request("{\"model\":\"text-embedding-004\",\"input\":" + input
                + "],\"encoding_format\":\"base64\"}"));
        List<FakeUpstream.Recorded> calls = upstream.received();
        assertEquals(2, calls.size());
        assertEquals("/v1beta/models/text-embedding-004:batchEmbedContents", calls.getFirst().path());
        assertEquals(100, calls.get(0).json().get("requests").size());
        assertEquals(30, calls.get(1).json().get("requests").size());
        assertEquals("models/text-embedding-004", calls.getFirst().json().at("/requests/0/model").asText());
        calls.forEach(c -> valid(STUDIO_SPEC, "BatchEmbedContentsRequest", c.json()));
        assertEquals(130, answer.data().size());
        for (int i = 0; i < 130; i++) {
            assertEquals(i, answer.data().get(i).index());
            assertTrue(answer.data().get(i).embedding().isTextual(), "base64 as asked");
            assertArrayEquals(new float[] {i + 1, 0.5f}, answer.data().get(i).values());
        }
    }

    @Test
    void vertexSendsPredictWithTheTokenCountsAsUsage() throws Exception {
        upstream.answer(r -> r.path().equals("/v1/token") ? Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.v"))
                : Reply.json(200, """
                        {"predictions":[
                          {"embeddings":{"statistics":{"truncated":false,"token_count":4},"values":[0.1,0.2]}},
                          {"embeddings":{"statistics":{"truncated":false,"token_count":7},"values":[0.3,0.4]}}]}"""));
        EmbeddingResponse answer = vertex().embed(request("""
                {"model":"text-embedding-005","input":["first","second"],"dimensions":2}"""));
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("/v1/projects/p/locations/us-central1/publishers/google/models/text-embedding-005:predict", sent.path());
        assertEquals("Bearer ya29.v", sent.header("Authorization"));
        assertEquals(OpenAiJson.readTree("""
                {"instances":[{"content":"first"},{"content":"second"}],
                 "parameters":{"autoTruncate":false,"outputDimensionality":2}}""".getBytes()), sent.json());
        valid(VERTEX_SPEC, "GoogleCloudAiplatformV1PredictRequest", sent.json());
        assertArrayEquals(new float[] {0.3f, 0.4f}, answer.data().get(1).values());
        assertEquals(11, answer.usage().orElseThrow().totalTokens());
    }

    @Test
    void geminiEmbeddingModelsOnVertexTakeOneInstancePerCall() throws Exception {
        upstream.answer(r -> r.path().equals("/v1/token") ? Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.v"))
                : Reply.json(200, "{\"predictions\":[{\"embeddings\":{\"values\":"
                        + vector(r.json().at("/instances/0/content").asText()) + "}}]}"));
        EmbeddingResponse answer = vertex().embed(request("""
                {"model":"gemini-embedding-001","input":["a","bbb","cc"]}"""));
        assertEquals(4, upstream.received().size(), "a token exchange and one predict per text");
        assertArrayEquals(new float[] {3, 0.5f}, answer.data().get(1).values());
        assertEquals(3, answer.usage().orElseThrow().totalTokens(), "no token_count: estimated, one per text");
    }

    @Test
    void whatGeminiCannotHonourIsRefusedBeforeAnyCall() {
        CallerException tokens = assertThrows(CallerException.class,
                () -> studio().embed(request("{\"model\":\"text-embedding-004\",\"input\":[1,2,3]}")));
        assertEquals("input", tokens.param().orElseThrow());
        CallerException unknown = assertThrows(CallerException.class,
                () -> studio().embed(request("{\"model\":\"text-embedding-004\",\"input\":\"a\",\"task\":\"x\"}")));
        assertEquals("task", unknown.param().orElseThrow());
        assertThrows(CallerException.class,
                () -> studio().embed(request("{\"model\":\"text-embedding-004\",\"input\":\"a\",\"dimensions\":0}")));
        assertEquals(List.of(), upstream.received());
    }

    @Test
    void upstreamErrorsAndShortAnswersAreClassified() throws Exception {
        upstream.answer(r -> Reply.json(429, """
                {"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}"""));
        ProviderException limited = assertThrows(ProviderException.class,
                () -> studio().embed(request("{\"model\":\"text-embedding-004\",\"input\":\"a\"}")));
        assertEquals(ProviderException.Kind.RATE_LIMITED, limited.kind());
        upstream.answer(r -> Reply.json(200, "{\"embeddings\":[{\"values\":[1]}]}"));
        ProviderException shortAnswer = assertThrows(ProviderException.class,
                () -> studio().embed(request("{\"model\":\"text-embedding-004\",\"input\":[\"a\",\"b\"]}")));
        assertEquals(ProviderException.Kind.BAD_RESPONSE, shortAnswer.kind());
    }
}

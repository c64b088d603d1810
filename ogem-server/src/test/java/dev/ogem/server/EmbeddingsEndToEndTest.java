package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.ogem.api.Embedding;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK's {@code embeddings.create} through a running gateway, against fake OpenAI,
 * AI Studio and Vertex AI upstreams on loopback speaking their real protocols: both encodings, fallback from a
 * failing endpoint, rpm admission, the cache, and the 400 for a model served only by Claude. Each fake embeds a
 * text as {@code [length of the text, 0.5]} (a token array as {@code [its length, 0.5]}), so every vector says
 * which item it embeds.
 */
class EmbeddingsEndToEndTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static FakeUpstream openai;
    private static FakeUpstream broken;
    private static FakeProvider studio;
    private static FakeProvider vertex;
    private static TestGateway gateway;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        openai = FakeUpstream.start().answer(EmbeddingsEndToEndTest::openAiAnswer);
        broken = FakeUpstream.start().answer(r -> Reply.json(503, """
                {"error":{"message":"overloaded","type":"server_error","code":null}}"""));
        studio = FakeProvider.start();
        studio.answer(r -> Reply.json(200, r.path().endsWith(":embedContent")
                ? "{\"embedding\":{\"values\":" + vector(r.json().at("/content/parts/0/text").asText()) + "}}"
                : studioBatch(r.json())));
        vertex = FakeProvider.start();
        vertex.answer(r -> Reply.json(200, vertexPredict(r.json())));
        gateway = TestGateway.start("""
                ping_interval: "0"
                retry_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions:
                      openai:
                        models:
                          - name: text-embedding-3-small
                            other_names: [small]
                          - name: text-embedding-ada-002
                            rpm: 1
                  broken:
                    protocol: openai
                    base_url: %s
                    regions:
                      broken:
                        models: [{name: bge-m3, kind: embedding}]
                  studio:
                    base_url: %s
                    regions:
                      studio:
                        models: [gemini-embedding-001]
                  vertex:
                    base_url: %s
                    regions:
                      us-central1:
                        models: [text-embedding-005]
                  claude:
                    regions:
                      claude:
                        models: [claude-sonnet-4-5]
                """.formatted(openai.baseUrl(), broken.baseUrl(), studio.root(), vertex.root()),
                Map.of("OPENAI_API_KEY", "sk-upstream", "GENAI_STUDIO_API_KEY", "studio-key", "CLAUDE_API_KEY", "ck",
                        "GOOGLE_CLOUD_PROJECT", "e2e-project",
                        "GOOGLE_APPLICATION_CREDENTIALS", vertex.keyFile().toString()));
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(TestGateway.KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
        openai.close();
        broken.close();
        studio.close();
        vertex.close();
    }

    private static String vector(String text) {
        return "[" + text.length() + ",0.5]";
    }

    /** OpenAI's answer, in the encoding asked for. */
    private static Reply openAiAnswer(Recorded request) {
        JsonNode body = request.json();
        JsonNode input = body.get("input");
        List<JsonNode> items = input.isArray() ? input.valueStream().toList() : List.of(input);
        boolean base64 = body.path("encoding_format").asText().equals("base64");
        ObjectNode answer = NODES.objectNode().put("object", "list").put("model", body.get("model").asText());
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            float[] values = {item.isArray() ? item.size() : item.asText().length(), 0.5f};
            data.add((JsonNode) OpenAiJson.valueToTree(Embedding.of(i, values, base64)));
        }
        answer.putObject("usage").put("prompt_tokens", 2 * items.size()).put("total_tokens", 2 * items.size());
        return Reply.json(200, answer.toString());
    }

    private static String studioBatch(JsonNode body) {
        ArrayNode embeddings = NODES.arrayNode();
        body.get("requests").forEach(r -> embeddings.addObject().set("values",
                readTree(vector(r.at("/content/parts/0/text").asText()))));
        return NODES.objectNode().set("embeddings", embeddings).toString();
    }

    private static String vertexPredict(JsonNode body) {
        ArrayNode predictions = NODES.arrayNode();
        body.get("instances").forEach(instance -> {
            ObjectNode embeddings = predictions.addObject().putObject("embeddings");
            embeddings.putObject("statistics").put("truncated", false).put("token_count", 3);
            embeddings.set("values", readTree(vector(instance.get("content").asText())));
        });
        return NODES.objectNode().set("predictions", predictions).toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return OpenAiJson.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddingCreateParams.Builder params(String model) {
        return EmbeddingCreateParams.builder().model(model);
    }

    private static List<Float> floats(float... values) {
        List<Float> list = new ArrayList<>();
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    private static List<Recorded> openAiCallsWith(String text) {
        return openai.received().stream().filter(r -> r.body().contains(text)).toList();
    }

    @Test
    void openAiFloatsPassAsTheyAre() {
        CreateEmbeddingResponse answer = sdk.embeddings().create(params("small").input("float text")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).dimensions(2).user("u-1").build());
        assertEquals(floats(10, 0.5f), answer.data().getFirst().embedding());
        assertEquals(2, answer.usage().totalTokens());
        assertEquals("text-embedding-3-small", answer.model());
        Recorded sent = openAiCallsWith("float text").getFirst();
        assertEquals("/v1/embeddings", sent.path());
        assertEquals("Bearer sk-upstream", sent.header("Authorization"));
        assertEquals(readTree("""
                {"model":"text-embedding-3-small","input":"float text","dimensions":2,"encoding_format":"float",                "user":"u-1"}"""), sent.json());
    }

    @Test
    void openAiBase64AndTokenArraysPassAsTheyAre() {
        CreateEmbeddingResponse answer = sdk.embeddings().create(params("text-embedding-3-small")
                .inputOfArrayOfTokenArrays(List.of(List.of(1L, 2L), List.of(3L)))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
        assertEquals(2, answer.data().size());
        assertTrue(answer.data().getFirst().embeddingValue().isBase64());
        assertEquals(floats(1, 0.5f), answer.data().get(1).embedding(), "[3] holds one token");
        Recorded sent = openai.last();
        assertEquals("[[1,2],[3]]", sent.json().get("input").toString());
        assertEquals("base64", sent.json().get("encoding_format").asText());
    }

    @Test
    void aiStudioIsTranslatedBothWaysInBothEncodings() {
        CreateEmbeddingResponse one = sdk.embeddings().create(params("gemini-embedding-001").input("studio")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).dimensions(2).build());
        assertEquals(floats(6, 0.5f), one.data().getFirst().embedding());
        assertEquals(2, one.usage().promptTokens(), "estimated: 6 characters / 4, rounded up");
        Recorded single = studio.calls().getLast();
        assertEquals("/v1beta/models/gemini-embedding-001:embedContent", single.path());
        assertEquals(2, single.json().get("outputDimensionality").asInt());
        CreateEmbeddingResponse two = sdk.embeddings().create(params("studio/gemini-embedding-001")
                .inputOfArrayOfStrings(List.of("a", "bbb"))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
        assertEquals(floats(3, 0.5f), two.data().get(1).embedding());
        assertTrue(two.data().get(1).embeddingValue().isBase64());
        assertEquals("/v1beta/models/gemini-embedding-001:batchEmbedContents", studio.calls().getLast().path());
        assertEquals("studio-key", studio.calls().getLast().header("x-goog-api-key"));
    }

    @Test
    void vertexIsTranslatedBothWaysWithItsTokenCounts() {
        CreateEmbeddingResponse answer = sdk.embeddings().create(params("vertex/us-central1/text-embedding-005")
                .inputOfArrayOfStrings(List.of("vertex", "ai")).dimensions(2)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        assertEquals(floats(2, 0.5f), answer.data().get(1).embedding());
        assertEquals(6, answer.usage().totalTokens());
        Recorded sent = vertex.calls().getLast();
        assertEquals("/v1/projects/e2e-project/locations/us-central1/publishers/google/models/text-embedding-005:predict",
                sent.path());
        assertEquals("Bearer " + FakeProvider.TOKEN, sent.header("Authorization"));
        assertEquals(2, sent.json().at("/parameters/outputDimensionality").asInt());
    }

    @Test
    void aChainFallsBackFromAFailingEndpoint() {
        HttpResponseFor<CreateEmbeddingResponse> response = sdk.embeddings().withRawResponse().create(
                params("bge-m3,gemini-embedding-001").input("fallback")
                        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        assertEquals("studio", response.headers().values("x-ogem-provider").getFirst());
        assertEquals(floats(8, 0.5f), response.parse().data().getFirst().embedding());
        assertTrue(broken.received().stream().anyMatch(r -> r.body().contains("fallback")), "the broken one was tried");
    }

    @Test
    void rpmAdmitsEmbeddingsLikeChat() {
        sdk.embeddings().create(params("text-embedding-ada-002").input("first").build());
        RateLimitException refused = assertThrows(RateLimitException.class,
                () -> sdk.embeddings().create(params("text-embedding-ada-002").input("second").build()));
        assertEquals(429, refused.statusCode());
        assertEquals(List.of(), openAiCallsWith("second"), "the refused request reached no upstream");
    }

    @Test
    void aRepeatedRequestComesFromTheCache() {
        EmbeddingCreateParams request = params("text-embedding-3-small").input("cache me")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build();
        HttpResponseFor<CreateEmbeddingResponse> first = sdk.embeddings().withRawResponse().create(request);
        HttpResponseFor<CreateEmbeddingResponse> second = sdk.embeddings().withRawResponse().create(request);
        assertEquals("miss", first.headers().values("x-ogem-cache").getFirst());
        assertEquals("hit", second.headers().values("x-ogem-cache").getFirst());
        assertEquals(first.parse().data().getFirst().embedding(), second.parse().data().getFirst().embedding());
        assertEquals(1, openAiCallsWith("cache me").size());
    }

    @Test
    void aModelServedOnlyByClaudeIsAClear400() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> sdk.embeddings().create(params("claude-sonnet-4-5").input("x").build()));
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("served only by claude, which has no embeddings API"), e.getMessage());
    }

    @Test
    void badInputIsA400NamingTheFieldAndTheModelListNamesEmbeddingModels() {
        var empty = gateway.post("/v1/embeddings", "{\"model\":\"small\",\"input\":[]}");
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("\"param\":\"input\""), empty.body());
        var format = gateway.post("/v1/embeddings", "{\"model\":\"small\",\"input\":\"a\",\"encoding_format\":\"hex\"}");
        assertEquals(400, format.statusCode());
        assertTrue(format.body().contains("encoding_format"), format.body());
        var tokensToGemini = gateway.post("/v1/embeddings", "{\"model\":\"gemini-embedding-001\",\"input\":[1,2]}");
        assertEquals(400, tokensToGemini.statusCode());
        String models = gateway.get("/v1/models").body();
        for (String name : List.of("text-embedding-3-small", "small", "gemini-embedding-001", "text-embedding-005")) {
            assertTrue(models.contains("\"" + name + "\""), name);
        }
    }
}

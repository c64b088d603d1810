package dev.ogem.server;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.ogem.api.Embedding;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A team key's own rpm/tpm is spent by {@code /v1/embeddings} and {@code /v1/messages} as by chat completions,
 * in the key's one bucket: admitted before routing (a key at its limit gets a 429 in that API's error shape and
 * nothing goes upstream, while another team is served), settled to the tokens the answer used, and released when
 * the request failed (it counts as a request, its tokens do not).
 */
class TeamKeyRoutesTest {

    private static final String EMBED_KEY = "sk-team-embed-61d0";
    private static final String WRITER_KEY = "sk-team-writer-c3a7";
    private static final String MIXED_KEY = "sk-team-mixed-9e24";
    private static final String LEDGER_KEY = "sk-team-ledger-07bf";
    private static final String EMBEDDING_MODEL = "text-embedding-3-small";

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start().answer(TeamKeyRoutesTest::answer);
        gateway = TestGateway.start("""
                ping_interval: "0"
                retry_interval: "0"
                keys:
                  embed: { sha256: %s, rpm: 2 }
                  writer: { sha256: %s, rpm: 2 }
                  mixed: { sha256: %s, rpm: 3 }
                  ledger: { sha256: %s, rpm: 100, tpm: 100_000 }
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ gpt-4o, %s ] } }
                """.formatted(TeamKeysTest.hash(EMBED_KEY), TeamKeysTest.hash(WRITER_KEY),
                TeamKeysTest.hash(MIXED_KEY), TeamKeysTest.hash(LEDGER_KEY), upstream.baseUrl(), EMBEDDING_MODEL),
                Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    /** Embeddings of two tokens per item, or a chat completion of 7 tokens; a 400 for anything saying "reject". */
    private static Reply answer(Recorded request) {
        if (request.body().contains("reject")) {
            return Reply.json(400, OpenAiFixtures.error("rejected", "invalid_request_error", "invalid_value"));
        }
        JsonNode body = request.json();
        if (!request.path().endsWith("/embeddings")) {
            return Reply.json(200, OpenAiFixtures.completion(body.path("model").asText(), "hi"));
        }
        List<JsonNode> items = body.get("input").isArray() ? body.get("input").valueStream().toList()
                : List.of(body.get("input"));
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("object", "list")
                .put("model", body.path("model").asText());
        boolean base64 = body.path("encoding_format").asText().equals("base64");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < items.size(); i++) {
            data.add((JsonNode) OpenAiJson.valueToTree(Embedding.of(i, new float[] {0.25f, 0.5f}, base64)));
        }
        answer.putObject("usage").put("prompt_tokens", 2 * items.size()).put("total_tokens", 2 * items.size());
        return Reply.json(200, answer.toString());
    }

    @Test
    void aKeyAtItsLimitOnEmbeddingsGetsA429InOpenAisShapeWhileAnotherTeamIsServed() {
        OpenAIClient embed = openAi(EMBED_KEY);
        embed.embeddings().create(embedding("first text"));
        embed.embeddings().create(embedding("second text"));
        int before = upstream.received().size();

        RateLimitException limited = assertThrows(RateLimitException.class,
                () -> embed.embeddings().create(embedding("third text")));
        assertEquals(429, limited.statusCode());
        assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
        assertTrue(limited.getMessage().contains("'embed'"), limited.getMessage());
        HttpResponse<String> raw = post("/v1/embeddings", EMBED_KEY, embeddingBody("fourth text"));
        assertEquals(429, raw.statusCode());
        assertRetryAfterWithinTheWindow(raw);
        assertEquals(before, upstream.received().size(), "a refused request is not sent upstream");

        assertEquals(2, openAi(LEDGER_KEY).embeddings().create(embedding("other team")).data().getFirst()
                .embedding().size(), "another team is served");
    }

    @Test
    void aKeyAtItsLimitOnMessagesGetsA429InAnthropicsShapeWhileAnotherTeamIsServed() throws IOException {
        AnthropicClient writer = anthropic(WRITER_KEY);
        writer.messages().create(message("first"));
        writer.messages().create(message("second"));
        int before = upstream.received().size();

        AnthropicServiceException limited = assertThrows(AnthropicServiceException.class,
                () -> writer.messages().create(message("third")));
        assertEquals(429, limited.statusCode());
        assertEquals(ErrorType.RATE_LIMIT_ERROR, limited.type().orElseThrow());
        assertTrue(limited.apiMessage().orElseThrow().contains("'writer'"), limited.getMessage());
        HttpResponse<String> raw = post("/v1/messages", WRITER_KEY, messageBody("fourth", false));
        assertEquals(429, raw.statusCode());
        JsonNode error = OpenAiJson.readTree(raw.body());
        assertEquals("error", error.path("type").asText(), raw.body());
        assertEquals("rate_limit_error", error.at("/error/type").asText(), raw.body());
        assertRetryAfterWithinTheWindow(raw);
        assertEquals(429, post("/v1/messages", WRITER_KEY, messageBody("fifth", true)).statusCode(),
                "a stream is admitted before it starts");
        assertEquals(before, upstream.received().size(), "a refused request is not sent upstream");

        assertEquals("hi", anthropic(LEDGER_KEY).messages().create(message("other team")).content().getFirst()
                .text().orElseThrow().text(), "another team is served");
    }

    @Test
    void everyRouteSpendsTheKeysOneBudget() {
        assertEquals(200, post("/v1/chat/completions", MIXED_KEY, """
                {"model":"gpt-4o","messages":[{"role":"user","content":"one"}]}""").statusCode());
        assertEquals(200, post("/v1/embeddings", MIXED_KEY, embeddingBody("two")).statusCode());
        assertEquals(200, post("/v1/messages", MIXED_KEY, messageBody("three", false)).statusCode());

        assertEquals(429, post("/v1/chat/completions", MIXED_KEY, """
                {"model":"gpt-4o","messages":[{"role":"user","content":"four"}]}""").statusCode());
        assertEquals(429, post("/v1/embeddings", MIXED_KEY, embeddingBody("five")).statusCode());
        assertEquals(429, post("/v1/messages", MIXED_KEY, messageBody("six", false)).statusCode());
    }

    @Test
    void eachRouteSettlesToTheTokensUsedAndReleasesWhatFailed() throws IOException {
        JsonNode start = ledger();

        assertEquals(200, post("/v1/embeddings", LEDGER_KEY, """
                {"model":"%s","input":["settle one","settle two"]}""".formatted(EMBEDDING_MODEL)).statusCode());
        JsonNode embedded = ledger();
        assertEquals(start.path("used_requests").asLong() + 1, embedded.path("used_requests").asLong());
        assertEquals(start.path("used_tokens").asLong() + 4, embedded.path("used_tokens").asLong(),
                "the embeddings' usage, not the estimate");

        assertEquals(200, post("/v1/messages", LEDGER_KEY, messageBody("settle a message", false)).statusCode());
        JsonNode messaged = ledger();
        assertEquals(embedded.path("used_requests").asLong() + 1, messaged.path("used_requests").asLong());
        assertEquals(embedded.path("used_tokens").asLong() + 7, messaged.path("used_tokens").asLong(),
                "the message's usage, not the estimate");

        assertEquals(400, post("/v1/embeddings", LEDGER_KEY, embeddingBody("reject this")).statusCode());
        assertEquals(400, post("/v1/messages", LEDGER_KEY, messageBody("reject this", false)).statusCode());
        JsonNode failed = ledger();
        assertEquals(messaged.path("used_requests").asLong() + 2, failed.path("used_requests").asLong(),
                "a failed request counts against rpm");
        assertEquals(messaged.path("used_tokens").asLong(), failed.path("used_tokens").asLong(),
                "its tokens do not");
    }

    private static JsonNode ledger() throws IOException {
        HttpResponse<String> status = gateway.get("/v1/status");
        assertEquals(200, status.statusCode());
        return OpenAiJson.readTree(status.body()).path("keys").path("ledger");
    }

    private static void assertRetryAfterWithinTheWindow(HttpResponse<String> refused) {
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "within the window: " + retryAfter);
    }

    private static OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(key).maxRetries(0).build();
    }

    private static AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.uri("").toString()).apiKey(key).maxRetries(0).build();
    }

    private static EmbeddingCreateParams embedding(String text) {
        return EmbeddingCreateParams.builder().model(EMBEDDING_MODEL).input(text).build();
    }

    private static MessageCreateParams message(String text) {
        return MessageCreateParams.builder().model("gpt-4o").maxTokens(100).addUserMessage(text).build();
    }

    private static String embeddingBody(String text) {
        return "{\"model\":\"" + EMBEDDING_MODEL + "\",\"input\":\"" + text + "\"}";
    }

    private static String messageBody(String text, boolean stream) {
        return "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static HttpResponse<String> post(String path, String key, String body) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}

package dev.ogem.server;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deterministic {@code /v1/messages} request answered by Claude is cached with Claude's own answer: the second
 * identical request is served from the cache ({@code x-ogem-cache: hit}) with every content block of the first,
 * thinking blocks and their signatures included, without calling Claude again. What only the Messages body says
 * (a signed thinking block in the history) is part of the cache key.
 */
class MessagesCacheTest {

    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final String ANSWER = """
            {"id":"msg_cache","type":"message","role":"assistant","model":"%s",
             "content":[{"type":"thinking","thinking":"Look it up.","signature":"sig-cached"},
                        {"type":"redacted_thinking","data":"EmwKAhgB"},
                        {"type":"text","text":"Let me check the weather."},
                        {"type":"tool_use","id":"toolu_07","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":30,"output_tokens":12}}
            """.formatted(MODEL);

    private static FakeProvider claude;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        claude = FakeProvider.start();
        claude.answer(r -> Reply.json(200, ANSWER));
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  claude:
                    base_url: %s
                    regions:
                      claude:
                        models: [ "%s" ]
                """.formatted(claude.root(), MODEL), Map.of("CLAUDE_API_KEY", "sk-ant-cache"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        claude.close();
    }

    @Test
    void aCacheHitAnswersWithEveryContentBlockOfClaudesAnswer() throws IOException {
        String request = request("What is the weather in Paris?", "sig-history-1");
        int before = claude.calls().size();

        HttpResponse<String> first = post(request);
        HttpResponse<String> second = post(request);

        assertEquals(200, first.statusCode(), first.body());
        assertEquals("miss", first.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("hit", second.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals(before + 1, claude.calls().size(), "the hit did not call Claude");
        JsonNode content = OpenAiJson.readTree(first.body()).path("content");
        assertEquals(OpenAiJson.readTree(ANSWER).path("content"), content, "the first answer is Claude's");
        assertEquals(content, OpenAiJson.readTree(second.body()).path("content"), "the hit has every block");
        assertEquals("tool_use", OpenAiJson.readTree(second.body()).path("stop_reason").asText());

        AnthropicClient sdk = AnthropicSdk.client(gateway);
        try {
            // This SDK's builder has no temperature: the deterministic field goes in as a body property.
            MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(2048)
                    .putAdditionalBodyProperty("temperature", JsonValue.from(0)).addUserMessage("Say hello.").build();
            Message message = sdk.messages().create(params);
            Message cached = sdk.messages().create(params);
            assertEquals(before + 2, claude.calls().size(), "the SDK's second request was a hit");
            List<ContentBlock> blocks = cached.content();
            assertEquals(message.content().size(), blocks.size());
            assertEquals("sig-cached", blocks.getFirst().thinking().orElseThrow().signature());
            assertTrue(blocks.get(1).isRedactedThinking());
            assertEquals("toolu_07", blocks.get(3).toolUse().orElseThrow().id());
        } finally {
            sdk.close();
        }
    }

    @Test
    void whatOnlyTheMessagesBodySaysIsPartOfTheCacheKey() {
        int before = claude.calls().size();

        HttpResponse<String> first = post(request("Is it raining in Lyon?", "sig-history-a"));
        HttpResponse<String> other = post(request("Is it raining in Lyon?", "sig-history-b"));

        assertEquals("miss", first.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals("miss", other.headers().firstValue("x-ogem-cache").orElseThrow(),
                "another signature in the history is another request to Claude");
        assertEquals(before + 2, claude.calls().size());
        assertEquals("sig-history-b", claude.lastCall().json().at("/messages/1/content/0/signature").asText());
    }

    @Test
    void aCachedTokenCountIsClaudesCountAndNeverAMessage() throws IOException {
        claude.answer(r -> Reply.json(200, r.path().endsWith("/count_tokens") ? "{\"input_tokens\":77}" : ANSWER));
        String request = request("How many tokens is this?", "sig-count");
        try {
            HttpResponse<String> first = post("/v1/messages/count_tokens", request);
            HttpResponse<String> second = post("/v1/messages/count_tokens", request);
            HttpResponse<String> message = post("/v1/messages", request);

            assertEquals(200, first.statusCode(), first.body());
            assertEquals(200, second.statusCode(), second.body());
            assertEquals("hit", second.headers().firstValue("x-ogem-cache").orElseThrow());
            assertEquals(77, OpenAiJson.readTree(second.body()).path("input_tokens").asInt(), second.body());
            assertEquals("miss", message.headers().firstValue("x-ogem-cache").orElseThrow(),
                    "a count and a message of one body are cached apart");
            assertEquals("msg_cache", OpenAiJson.readTree(message.body()).path("id").asText());
        } finally {
            claude.answer(r -> Reply.json(200, ANSWER));
        }
    }

    /** A deterministic request after a turn whose thinking Claude signed. */
    private static String request(String question, String signature) {
        return """
                {"model":"%s","max_tokens":2048,"temperature":0,
                 "messages":[{"role":"user","content":"Hello"},
                             {"role":"assistant","content":[
                               {"type":"thinking","thinking":"Greet back.","signature":"%s"},
                               {"type":"text","text":"Hello!"}]},
                             {"role":"user","content":"%s"}]}""".formatted(MODEL, signature, question);
    }

    private static HttpResponse<String> post(String body) {
        return post("/v1/messages", body);
    }

    private static HttpResponse<String> post(String path, String body) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("x-api-key", TestGateway.KEY)
                .header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}

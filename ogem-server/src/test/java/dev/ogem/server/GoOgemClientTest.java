package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.ImageServer;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients of the original Go ogem against this gateway, unchanged: the exact JSON its Go client
 * marshals (its own content-part form, {@code "detail":""} included, and a fallback chain with a space
 * after the comma), and the official OpenAI SDK reading the {@code open-gemini/<provider>/<region>/<model>}
 * fingerprint from answers and from every stream chunk, for an OpenAI, a Claude and a Gemini upstream.
 */
class GoOgemClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLAUDE = "claude-sonnet-4-5-20250929";
    private static final String GEMINI = "gemini-2.5-flash";
    private static final String PNG = Base64.getEncoder().encodeToString(ImageServer.PNG);

    private static FakeProvider openai;
    private static FakeProvider claude;
    private static FakeProvider studio;
    private static TestGateway gateway;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        openai = FakeProvider.start();
        claude = FakeProvider.start();
        studio = FakeProvider.start();
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions:
                      openai:
                        models: [ gpt-4o ]
                  claude:
                    base_url: %s
                    regions:
                      claude:
                        models: [ "%s" ]
                  studio:
                    base_url: %s
                    regions:
                      studio:
                        models: [ %s ]
                """.formatted(openai.baseUrl(), claude.root(), CLAUDE, studio.root(), GEMINI),
                Map.of("OPENAI_API_KEY", "sk-go", "CLAUDE_API_KEY", "sk-ant-go", "GENAI_STUDIO_API_KEY", "studio-go"));
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(TestGateway.KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
        openai.close();
        claude.close();
        studio.close();
    }

    /**
     * What the Go ogem's client writes for a system prompt and a text plus an image, field order kept;
     * each test asks about another image detail, so that no answer comes from the response cache.
     */
    private static String goRequest(String model, String text) {
        return """
                {"messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":[{"type":"text","content":{"text":"%s"}},
                  {"type":"image","content":{"url":"data:image/png;base64,%s","detail":""}}]}],
                 "model":"%s","temperature":0}""".formatted(text, PNG, model);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void goPartsReachClaudeAsTextAndImageBlocks() throws Exception {
        claude.answer(r -> Reply.json(200, """
                {"id":"msg_go","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"A dot."}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":12,"output_tokens":3}}""".formatted(CLAUDE)));
        studio.answer(r -> Reply.json(503, "{\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}"));

        JsonNode answer = ok(gateway.post("/v1/chat/completions",
                goRequest("studio/studio/" + GEMINI + ", " + CLAUDE, "Describe")));

        assertEquals("open-gemini/claude/claude/" + CLAUDE, answer.get("system_fingerprint").asText());
        assertEquals("A dot.", answer.at("/choices/0/message/content").asText(), "content is a string, as Go decodes it");
        JsonNode content = claude.lastCall().json().at("/messages/0/content");
        assertEquals("Describe", content.at("/0/text").asText());
        assertEquals("image", content.at("/1/type").asText());
        assertEquals("image/png", content.at("/1/source/media_type").asText());
        assertEquals(PNG, content.at("/1/source/data").asText());
        assertEquals("Be brief.", claude.lastCall().json().at("/system/0/text").asText());
    }

    @Test
    void goPartsReachGeminiAsTextAndInlineData() throws Exception {
        studio.answer(r -> Reply.json(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"A pixel."}]},"finishReason":"STOP","index":0}],
                 "modelVersion":"%s","usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"totalTokenCount":11}}
                """.formatted(GEMINI)));

        JsonNode answer = ok(gateway.post("/v1/chat/completions", goRequest(GEMINI, "Colour?")));

        assertEquals("open-gemini/studio/studio/" + GEMINI, answer.get("system_fingerprint").asText());
        JsonNode parts = studio.lastCall().json().at("/contents/0/parts");
        assertEquals("Colour?", parts.at("/0/text").asText());
        assertEquals("image/png", parts.at("/1/inlineData/mimeType").asText());
        assertEquals(PNG, parts.at("/1/inlineData/data").asText());
    }

    @Test
    void goPartsReachOpenAiInOpenAisFormAndTheFingerprintIsOgems() throws Exception {
        openai.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", "A square.")
                .replace("\"object\"", "\"system_fingerprint\":\"fp_upstream\",\"object\"")));

        JsonNode answer = ok(gateway.post("/v1/chat/completions", goRequest("openai/gpt-4o", "Size?")));

        assertEquals("open-gemini/openai/openai/gpt-4o", answer.get("system_fingerprint").asText());
        JsonNode parts = openai.lastCall().json().at("/messages/1/content");
        assertEquals(JSON.readTree("{\"type\":\"text\",\"text\":\"Size?\"}"), parts.get(0));
        assertEquals(JSON.readTree("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PNG
                + "\"}}"), parts.get(1), "no 'content', no empty detail");
    }

    @Test
    void aGoPartOgemDoesNotUnderstandIsRefusedBeforeAnyUpstreamCall() throws Exception {
        int calls = openai.calls().size();
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":[{"type":"text","content":{"text":"Describe"}},
                 {"type":"image","content":{"url":""}}]}],"model":"gpt-4o"}""");

        assertEquals(400, response.statusCode());
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("messages[0].content[1]", error.get("param").asText());
        assertTrue(error.get("message").asText().contains("'content.url' must be a non-empty string"),
                error.get("message").asText());
        assertEquals(calls, openai.calls().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "functions     | [{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}] | " + CLAUDE,
        "function_call | \"auto\"                                                              | " + CLAUDE,
        "functions     | [{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}] | " + GEMINI,
        "function_call | {\"name\":\"get_weather\"}                                           | " + GEMINI})
    void legacyFunctionsAreRefusedWhereTheyAreNotTranslated(String field, String value, String model) throws Exception {
        int calls = claude.calls().size() + studio.calls().size();
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Weather?"}],"model":"%s","%s":%s}"""
                .formatted(model, field, value));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(field, JSON.readTree(response.body()).at("/error/param").asText());
        assertEquals(calls, claude.calls().size() + studio.calls().size(), "nothing went upstream");
    }

    @Test
    void theSdkReadsTheFingerprintOfAPlainAnswer() {
        claude.answer(r -> Reply.json(200, """
                {"id":"msg_p","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":4,"output_tokens":2}}""".formatted(CLAUDE)));
        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(CLAUDE).addUserMessage("Say hi").build());
        assertEquals("open-gemini/claude/claude/" + CLAUDE, completion.systemFingerprint().orElseThrow());
    }

    @Test
    void everyRelayedChunkCarriesTheFingerprint() {
        openai.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("Hel").replace("{\"id\"", "{\"system_fingerprint\":\"fp_up\",\"id\"")),
                Event.data(OpenAiFixtures.chunk("lo")),
                Event.data(OpenAiFixtures.finish("stop")),
                Event.data("[DONE]"))));
        List<ChatCompletionChunk> chunks = streamed("gpt-4o");
        assertEquals(3, chunks.size());
        chunks.forEach(c -> assertEquals("open-gemini/openai/openai/gpt-4o", c.systemFingerprint().orElseThrow()));
        assertEquals("Hello", text(chunks));
    }

    @Test
    void everyTranslatedChunkCarriesTheFingerprint() {
        claude.answer(r -> Reply.sse(FakeProvider.sse("anthropic/stream-text")));
        List<ChatCompletionChunk> chunks = streamed(CLAUDE);
        assertFalse(chunks.isEmpty());
        chunks.forEach(c -> assertEquals("open-gemini/claude/claude/" + CLAUDE, c.systemFingerprint().orElseThrow()));
        assertFalse(text(chunks).isEmpty());
    }

    private static List<ChatCompletionChunk> streamed(String model) {
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build())) {
            return stream.stream().toList();
        }
    }

    private static String text(List<ChatCompletionChunk> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        return text.toString();
    }
}

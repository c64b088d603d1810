package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.google.FakeServiceAccount;
import dev.ogem.providers.google.GoogleAuth;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gemini clients against a fake Gemini API / Vertex AI on loopback. */
class GeminiClientTest {

    private static final String HELLO = """
            {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Say hello."}],"max_tokens":5}""";
    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},"responseId":"r1"}""";

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

    static ChatRequest request(String json) throws Exception {
        return OpenAiJson.read(json, ChatRequest.class);
    }

    @Test
    void studioPostsToGenerateContentWithTheApiKey() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        ChatResponse response = studio().complete(request(HELLO));
        assertEquals("Hello", response.choices().getFirst().message().text());
        assertEquals(4, response.usage().orElseThrow().totalTokens());
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("POST", sent.method());
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", sent.path());
        assertEquals("studio-key", sent.header("x-goog-api-key"));
        assertEquals(null, sent.header("Authorization"));
        assertEquals(5, sent.json().at("/generationConfig/maxOutputTokens").asInt());
        assertEquals("Say hello.", sent.json().at("/contents/0/parts/0/text").asText());
    }

    @Test
    void streamsFromStreamGenerateContentWithAltSseChunkByChunk() throws Exception {
        CountDownLatch firstReceived = new CountDownLatch(1);
        upstream.answer(r -> Reply.sse(List.of(
                Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}]}}],\"responseId\":\"r\"}"),
                Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}]},\"finishReason\":\"STOP\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":2}}").after(firstReceived))));
        try (ChunkStream stream = studio().stream(request("""
                {"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"x"}]}"""))) {
            assertEquals("assistant", stream.next().orElseThrow().chunk().choices().getFirst().delta().role().orElseThrow());
            assertEquals("Hel", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertEquals(1, firstReceived.getCount(), "the first text arrived before the second frame was sent");
            firstReceived.countDown();
            assertEquals("lo", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertEquals("stop", stream.next().orElseThrow().chunk().choices().getFirst().finishReason().orElseThrow());
            ChatChunk usage = stream.next().orElseThrow().chunk();
            assertTrue(usage.choices().isEmpty());
            assertEquals(4, usage.usage().orElseThrow().totalTokens());
            assertTrue(stream.next().isEmpty());
        }
        assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent", upstream.last().path());
        assertEquals("alt=sse", upstream.last().query());
    }

    @Test
    void anErrorFrameMidStreamIsThrown() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}"),
                Event.data("{\"error\":{\"code\":429,\"message\":\"Resource exhausted.\",\"status\":\"RESOURCE_EXHAUSTED\"}}"))));
        try (ChunkStream stream = studio().stream(request(HELLO))) {
            stream.next();
            stream.next();
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
        }
    }

    @Test
    void aStreamThatEndsBeforeItsFinishReasonWasCutOffAndIsAnError() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The answer is\"}]}}]}"))));
        try (ChunkStream stream = studio().stream(request(HELLO))) {
            assertEquals("assistant", stream.next().orElseThrow().chunk().choices().getFirst().delta().role().orElseThrow());
            assertEquals("The answer is", stream.next().orElseThrow().chunk().choices().getFirst().delta().content()
                    .orElseThrow());
            ProviderException cut = assertThrows(ProviderException.class, stream::next, "no made-up finish_reason stop");
            assertEquals(ProviderException.Kind.BAD_RESPONSE, cut.kind());
            assertTrue(cut.getMessage().contains("cut off"), cut.getMessage());
        }
        upstream.answer(r -> Reply.sse(List.of()));
        try (ChunkStream stream = studio().stream(request(HELLO))) {
            assertEquals(ProviderException.Kind.BAD_RESPONSE, assertThrows(ProviderException.class, stream::next).kind(),
                    "an empty stream is no answer");
        }
    }

    @Test
    void framesThatCarryNothingDoNotKeepAStreamOpen() throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}"));
        for (int i = 0; i < 200; i++) {
            String empty = i % 2 == 0 ? "{\"candidates\":[{\"content\":{\"parts\":[]}}]}"
                    : "{\"usageMetadata\":{\"promptTokenCount\":2}}";
            events.add(Event.data(empty).delayed(Duration.ofMillis(50)));
        }
        events.add(Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}]}"));
        upstream.answer(r -> Reply.sse(events));
        UpstreamHttp idleAfter300ms = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(30),
                ProviderLimits.defaults().withStreamIdleTimeout(Duration.ofMillis(300)));
        try (ChunkStream stream = GeminiClients.studio(idleAfter300ms, "studio-key", root(),
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false)).stream(request(HELLO))) {
            assertEquals("assistant", stream.next().orElseThrow().chunk().choices().getFirst().delta().role().orElseThrow());
            assertEquals("a", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            ProviderException idle = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.TIMEOUT, idle.kind());
            assertTrue(idle.getMessage().contains("sent nothing for the client for 300 ms"), idle.getMessage());
        }
    }

    @Test
    void aSuccessThatIsNoResponseIsABadResponse() throws Exception {
        for (String body : List.of("null", "[]", "\"hello\"", "{}", "not json", "{\"responseId\":\"r\"}",
                "{\"error\":{\"code\":429,\"message\":\"Quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
                ANSWER.replace("\"promptTokenCount\":3", "\"promptTokenCount\":-3"),
                ANSWER.replace("\"candidatesTokenCount\":1", "\"candidatesTokenCount\":1.5"))) {
            upstream.answer(r -> Reply.json(200, body));
            ProviderException e = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)), body);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind(), body);
            assertEquals(502, e.status(), body);
        }
    }

    @Test
    void aStreamedNegativeUsageOrAFrameThatIsNoObjectIsABadResponse() throws Exception {
        for (String bad : List.of("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":-7}}", "[{\"candidates\":[]}]")) {
            upstream.answer(r -> Reply.sse(List.of(
                    Event.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}"), Event.data(bad),
                    Event.data("{\"candidates\":[{\"content\":{\"parts\":[]},\"finishReason\":\"STOP\"}]}"))));
            try (ChunkStream stream = studio().stream(request(HELLO))) {
                stream.next().orElseThrow();
                stream.next().orElseThrow();
                assertEquals(ProviderException.Kind.BAD_RESPONSE, assertThrows(ProviderException.class, stream::next).kind(),
                        bad);
            }
        }
    }

    @Test
    void theInvalidKey400IsTheGatewaysCredentialsRefused() throws Exception {
        upstream.answer(r -> Reply.json(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}"""));
        ProviderException e = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
        assertEquals(ProviderException.Kind.AUTH, e.kind());
        assertTrue(e.retryable());
        assertEquals(502, e.status());
        assertEquals(Optional.of("upstream_auth_failed"), e.code());
        assertTrue(e.getMessage().contains("'studio'"), e.getMessage());
        assertFalse(e.getMessage().contains("studio-key"));

        upstream.answer(r -> Reply.json(403, """
                {"error":{"code":403,"message":"Permission denied on resource project p.","status":"PERMISSION_DENIED"}}"""));
        assertEquals(ProviderException.Kind.AUTH,
                assertThrows(ProviderException.class, () -> studio().complete(request(HELLO))).kind());

        upstream.answer(r -> Reply.json(404, """
                {"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta","status":"NOT_FOUND"}}"""));
        ProviderException unknown = assertThrows(ProviderException.class, () -> studio().stream(request(HELLO)));
        assertEquals(ProviderException.Kind.NOT_FOUND, unknown.kind());
        assertTrue(unknown.retryable());
        assertEquals(502, unknown.status());
        assertEquals(Optional.of("upstream_model_not_found"), unknown.code());
        assertTrue(unknown.getMessage().contains("'gemini-2.5-flash'"), unknown.getMessage());

        upstream.answer(r -> Reply.json(400, """
                {"error":{"code":400,"message":"Invalid value at 'contents'","status":"INVALID_ARGUMENT"}}"""));
        ProviderException invalid = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
        assertEquals(ProviderException.Kind.REJECTED, invalid.kind());
        assertEquals(400, invalid.status());
        assertEquals("Invalid value at 'contents'", invalid.getMessage());
    }

    @Test
    void rateLimitsKeepTheWaitFromRetryAfterOrRetryInfo() throws Exception {
        upstream.answer(r -> Reply.json(429, """
                {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}""").withHeader("Retry-After", "7"));
        ProviderException header = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
        assertEquals(ProviderException.Kind.RATE_LIMITED, header.kind());
        assertTrue(header.retryable());
        assertEquals(Duration.ofSeconds(7), header.retryAfter().orElseThrow());

        upstream.answer(r -> Reply.json(429, """
                [{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}]"""));
        ProviderException array = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
        assertEquals(ProviderException.Kind.RATE_LIMITED, array.kind());
        assertEquals(Duration.ofMillis(1500), array.retryAfter().orElseThrow());
        assertEquals("Quota exceeded", array.getMessage());

        for (String delay : new String[] {"315360000s", "-5s", "Infinitys", "1e400s"}) {
            upstream.answer(r -> Reply.json(429, """
                    {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",
                      "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"%s"}]}}"""
                    .formatted(delay)));
            ProviderException odd = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
            assertEquals(ProviderException.Kind.RATE_LIMITED, odd.kind(), delay);
            assertEquals(delay.equals("315360000s") ? Optional.of(Duration.ofHours(1)) : Optional.empty(),
                    odd.retryAfter(), delay);
        }
    }

    @Test
    void htmlAndServerErrorsAreRetryable() throws Exception {
        upstream.answer(r -> Reply.json(502, "<html><body>Bad Gateway</body></html>"));
        ProviderException html = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
        assertEquals(ProviderException.Kind.SERVER_ERROR, html.kind());
        assertFalse(html.getMessage().contains("<html>"));

        upstream.answer(r -> Reply.json(503, """
                {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""));
        assertEquals(ProviderException.Kind.OVERLOADED,
                assertThrows(ProviderException.class, () -> studio().complete(request(HELLO))).kind());

        upstream.answer(r -> Reply.json(500, """
                [{"error":{"code":500,"message":"Internal error","status":"INTERNAL"}}]"""));
        ProviderException internal = assertThrows(ProviderException.class, () -> studio().complete(request(HELLO)));
        assertEquals(ProviderException.Kind.SERVER_ERROR, internal.kind());
        assertTrue(internal.retryable());
    }

    @Test
    void vertexAuthenticatesWithAServiceAccountTokenFromTheTokenEndpoint() throws Exception {
        upstream.answer(r -> r.path().equals("/v1/token")
                ? Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.vertex"))
                : Reply.json(200, ANSWER));
        GoogleAuth auth = GoogleAuth.of(FakeServiceAccount.credentials(URI.create(upstream.baseUrl() + "/token")),
                Optional.of("my-project"));
        LlmClient vertex = GeminiClients.vertex(http, auth, "my-project", "us-central1", Optional.of(root()),
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of());
        vertex.complete(request(HELLO));
        vertex.complete(request(HELLO));
        List<FakeUpstream.Recorded> all = upstream.received();
        assertEquals(3, all.size(), "one token exchange, two calls");
        assertTrue(all.getFirst().body().contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
        FakeUpstream.Recorded call = all.get(2);
        assertEquals("/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
                call.path());
        assertEquals("Bearer ya29.vertex", call.header("Authorization"));
        assertEquals(null, call.header("x-goog-api-key"));
    }

    @Test
    void vertexRetriesOnceWithAFreshTokenAfterA401() throws Exception {
        int[] tokens = {0};
        upstream.answer(r -> {
            if (r.path().equals("/v1/token")) {
                return Reply.json(200, FakeServiceAccount.tokenAnswer("ya29.t" + ++tokens[0]));
            }
            return "Bearer ya29.t1".equals(r.header("Authorization"))
                    ? Reply.json(401, "{\"error\":{\"code\":401,\"message\":\"expired\",\"status\":\"UNAUTHENTICATED\"}}")
                    : Reply.json(200, ANSWER);
        });
        GoogleAuth auth = GoogleAuth.of(FakeServiceAccount.credentials(URI.create(upstream.baseUrl() + "/token")),
                Optional.empty());
        LlmClient vertex = GeminiClients.vertex(http, auth, "p", "global", Optional.of(root()),
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of());
        assertEquals("Hello", vertex.complete(request(HELLO)).choices().getFirst().message().text());
        assertEquals("Bearer ya29.t2", upstream.last().header("Authorization"));
    }

    @Test
    void thoughtSignaturesSurviveTwoToolCallingTurnsThroughOpenAiJson() throws Exception {
        String[] answers = {
            """
            {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"lookup","args":{"q":"a"}},
              "thoughtSignature":"AAECAwQFBgcICQ=="}]},"finishReason":"STOP"}]}""",
            """
            {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"lookup","args":{"q":"b"}},
              "thoughtSignature":"//79/Pv6+fj39g=="}]},"finishReason":"STOP"}]}""",
            ANSWER};
        int[] turn = {0};
        upstream.answer(r -> Reply.json(200, answers[turn[0]++]));
        LlmClient client = studio();
        String tools = """
                "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]""";
        StringBuilder messages = new StringBuilder("{\"role\":\"user\",\"content\":\"Find a then b.\"}");
        for (int i = 0; i < 2; i++) {
            ChatResponse response = client.complete(request(
                    "{\"model\":\"gemini-3-pro-preview\"," + tools + ",\"messages\":[" + messages + "]}"));
            assertEquals("tool_calls", response.choices().getFirst().finishReason().orElseThrow());
            // what an OpenAI client sees and sends back: the message as JSON, then a tool result for its id
            JsonNode assistant = OpenAiJson.valueToTree(response.choices().getFirst().message());
            String id = assistant.at("/tool_calls/0/id").asText();
            messages.append(',').append(assistant).append(",{\"role\":\"tool\",\"tool_call_id\":\"").append(id)
                    .append("\",\"content\":\"result ").append(i).append("\"}");
        }
        client.complete(request("{\"model\":\"gemini-3-pro-preview\"," + tools + ",\"messages\":[" + messages + "]}"));
        JsonNode last = upstream.last().json().get("contents");
        assertEquals(5, last.size(), "user, model, user, model, user");
        assertEquals("AAECAwQFBgcICQ==", last.at("/1/parts/0/thoughtSignature").asText());
        assertEquals("//79/Pv6+fj39g==", last.at("/3/parts/0/thoughtSignature").asText());
        assertEquals("lookup", last.at("/2/parts/0/functionResponse/name").asText());
        assertEquals("result 1", last.at("/4/parts/0/functionResponse/response/output").asText());
    }
}

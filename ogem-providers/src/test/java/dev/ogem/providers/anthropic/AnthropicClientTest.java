package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.ProviderSettings;
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
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Anthropic clients against a fake upstream on loopback: what goes out, what comes back. */
class AnthropicClientTest {

    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final ImagePolicy NO_PRIVATE_IMAGES = ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, false);
    private static final String ANSWER = """
            {"id":"msg_1","type":"message","role":"assistant","model":"%s","content":[{"type":"text","text":"hi"}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}""".formatted(MODEL);

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static ChatRequest request(String json) throws Exception {
        return OpenAiJson.read(json, ChatRequest.class);
    }

    private static ChatRequest hello(boolean stream) throws Exception {
        return request("""
                {"model":"%s","stream":%s,"max_tokens":50,"messages":[{"role":"user","content":"hello"}]}"""
                .formatted(MODEL, stream));
    }

    private LlmClient direct() {
        return AnthropicClients.direct(http, upstream.baseUrl(), Optional.of("sk-ant-test"));
    }

    private static Event event(String type, String json) {
        return new Event("event: " + type + "\ndata: " + json + "\n\n", new CountDownLatch(0), Duration.ZERO);
    }

    @Test
    void postsTheMessagesRequestWithKeyAndVersion() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        ChatResponse response = direct().complete(hello(false));
        assertEquals("hi", response.choices().getFirst().message().text());
        assertEquals("stop", response.choices().getFirst().finishReason().orElseThrow());
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("POST", sent.method());
        assertEquals("/v1/messages", sent.path());
        assertEquals("sk-ant-test", sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertNull(sent.header("Authorization"));
        JsonNode body = sent.json();
        assertEquals(MODEL, body.path("model").asText());
        assertEquals(50, body.path("max_tokens").asInt());
        assertEquals("hello", body.at("/messages/0/content").asText());
        assertFalse(body.has("stream"));
        assertEquals(List.of(), AnthropicSpec.violations(body));
    }

    @Test
    void aBaseUrlWithOrWithoutV1AndSlashesYieldsOnePath() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        String root = upstream.baseUrl().toString().replace("/v1", "");
        for (String base : List.of(root, root + "/", root + "/v1", root + "/v1/")) {
            AnthropicClients.direct(http, URI.create(base), Optional.empty()).complete(hello(false));
            assertEquals("/v1/messages", upstream.last().path(), base);
        }
    }

    @Test
    void theFactoryReadsTheKeyAndBaseUrlOfTheProvider() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        ProviderSpec claude = new ProviderSpec("claude", ProviderKind.CLAUDE, Optional.of(upstream.baseUrl()),
                Optional.empty(), List.of(new RegionSpec("claude", List.of(new ModelSpec(MODEL, List.of(), null, 0, 0)))));
        LlmClient client = AnthropicClients.create(new Endpoint(claude, claude.regions().getFirst()),
                ProviderSettings.builder().apiKey("claude", "sk-from-settings").build(), http);
        client.complete(hello(false));
        assertEquals("sk-from-settings", upstream.last().header("x-api-key"));
    }

    @Test
    void streamsEachChunkBeforeTheNextEventIsSent() throws Exception {
        CountDownLatch firstReceived = new CountDownLatch(1);
        upstream.answer(r -> Reply.sse(List.of(
                event("message_start", """
                        {"type":"message_start","message":{"id":"msg_2","model":"%s","usage":{"input_tokens":4,"output_tokens":1}}}"""
                        .formatted(MODEL)),
                event("content_block_start", """
                        {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}""")
                        .after(firstReceived),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}"""),
                event("message_stop", "{\"type\":\"message_stop\"}"))));
        try (ChunkStream stream = direct().stream(hello(true))) {
            assertEquals("assistant", stream.next().orElseThrow().chunk().choices().getFirst().delta().role().orElseThrow());
            ChatChunk first = stream.next().orElseThrow().chunk();
            assertEquals("Hel", first.choices().getFirst().delta().content().orElseThrow());
            firstReceived.countDown();
            assertEquals("lo", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertEquals("stop", stream.next().orElseThrow().chunk().choices().getFirst().finishReason().orElseThrow());
            assertTrue(stream.next().isEmpty());
        }
        assertTrue(upstream.last().json().path("stream").asBoolean());
    }

    @Test
    void inJsonModeTextIsHeldBackAndSentOnlyWhenTheModelAnsweredWithoutTheJsonTool() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{}}}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"{\\\"a\\\":\"}}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"1}\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"))));
        ChatRequest json = request("""
                {"model":"%s","stream":true,"max_tokens":3000,"reasoning_effort":"low",
                 "response_format":{"type":"json_object"},"messages":[{"role":"user","content":"JSON"}]}"""
                .formatted(MODEL));
        try (ChunkStream stream = direct().stream(json)) {
            assertEquals("assistant", stream.next().orElseThrow().chunk().choices().getFirst().delta().role().orElseThrow());
            assertEquals("{\"a\":1}", stream.next().orElseThrow().chunk().choices().getFirst().delta().content()
                    .orElseThrow(), "the text, whole, once it is sure no JSON tool call follows");
            assertEquals("stop", stream.next().orElseThrow().chunk().choices().getFirst().finishReason().orElseThrow());
            assertTrue(stream.next().isEmpty());
        }
        assertTrue(upstream.last().json().has("thinking"), "thinking on: the JSON tool is offered, not forced");
    }

    @Test
    void aStreamReadToMessageStopLeavesTheConnectionForTheNextRequest() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                event("message_start", """
                        {"type":"message_start","message":{"id":"msg_3","model":"%s","usage":{"input_tokens":4,"output_tokens":1}}}"""
                        .formatted(MODEL)),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}"""),
                event("message_stop", "{\"type\":\"message_stop\"}"))));
        LlmClient client = direct();
        for (int i = 0; i < 3; i++) {
            try (ChunkStream stream = client.stream(hello(true))) {
                while (stream.next().isPresent()) {
                    // read to message_stop
                }
            }
        }
        List<Integer> ports = upstream.received().stream().map(FakeUpstream.Recorded::clientPort).toList();
        assertEquals(1, ports.stream().distinct().count(), "one connection for three streams: " + ports);
    }

    @Test
    void plainAnswersLeaveTheConnectionForTheNextRequest() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        LlmClient client = direct();
        for (int i = 0; i < 3; i++) {
            client.complete(hello(false));
        }
        List<Integer> ports = upstream.received().stream().map(FakeUpstream.Recorded::clientPort).toList();
        assertEquals(3, ports.size());
        assertEquals(1, ports.stream().distinct().count(), "one connection for three answers: " + ports);
    }

    @Test
    void anErrorEventMidStreamIsThrownAsRetryableOverload() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{}}}"),
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
        try (ChunkStream stream = direct().stream(hello(true))) {
            stream.next();
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.OVERLOADED, e.kind());
            assertTrue(e.retryable());
        }
    }

    @Test
    void aStreamThatBreaksOffBeforeMessageStopIsABadResponse() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{}}}"))));
        try (ChunkStream stream = direct().stream(hello(true))) {
            stream.next();
            ProviderException cut = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, cut.kind());
            assertTrue(cut.getMessage().contains("cut off") && cut.getMessage().contains("message_stop"),
                    cut.getMessage());
        }
    }

    @Test
    void pingsDoNotKeepAStreamOpen() throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{}}}"));
        for (int i = 0; i < 200; i++) {
            events.add(event("ping", "{\"type\": \"ping\"}").delayed(Duration.ofMillis(50)));
        }
        events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}"));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        upstream.answer(r -> Reply.sse(events));
        UpstreamHttp idleAfter300ms = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(30),
                ProviderLimits.defaults().withStreamIdleTimeout(Duration.ofMillis(300)));
        try (ChunkStream stream = AnthropicClients.direct(idleAfter300ms, upstream.baseUrl(), Optional.empty())
                .stream(hello(true))) {
            assertEquals("assistant", stream.next().orElseThrow().chunk().choices().getFirst().delta().role().orElseThrow());
            ProviderException idle = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.TIMEOUT, idle.kind());
            assertTrue(idle.retryable());
            assertTrue(idle.getMessage().contains("sent nothing for the client for 300 ms"), idle.getMessage());
        }
    }

    @Test
    void aSuccessThatIsNoMessageIsABadResponse() throws Exception {
        ChatRequest req = hello(false);
        for (String body : List.of("null", "[]", "\"hello\"", "{}", "not json", error("overloaded_error", "busy"),
                ANSWER.replace("\"input_tokens\":3", "\"input_tokens\":-3"),
                ANSWER.replace("\"output_tokens\":1", "\"output_tokens\":\"many\""),
                ANSWER.replace("\"output_tokens\":1", "\"output_tokens\":1,\"cache_read_input_tokens\":9223372036854775807"))) {
            upstream.answer(r -> Reply.json(200, body));
            ProviderException e = assertThrows(ProviderException.class, () -> direct().complete(req), body);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind(), body);
            assertEquals(502, e.status(), body);
        }
    }

    @Test
    void aStreamedNegativeUsageOrAnEventThatIsNoObjectIsABadResponse() throws Exception {
        for (Event bad : List.of(
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":-2}}"),
                event("content_block_delta", "[1,2]"))) {
            upstream.answer(r -> Reply.sse(List.of(
                    event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{}}}"),
                    bad, event("message_stop", "{\"type\":\"message_stop\"}"))));
            try (ChunkStream stream = direct().stream(hello(true))) {
                stream.next().orElseThrow();
                assertEquals(ProviderException.Kind.BAD_RESPONSE, assertThrows(ProviderException.class, stream::next).kind(),
                        bad.raw());
            }
        }
    }

    @Test
    void classifiesErrorsByTypeAndStatus() throws Exception {
        ChatRequest req = hello(false);
        upstream.answer(r -> Reply.json(529, error("overloaded_error", "Overloaded")));
        ProviderException overloaded = assertThrows(ProviderException.class, () -> direct().complete(req));
        assertEquals(ProviderException.Kind.OVERLOADED, overloaded.kind());
        assertTrue(overloaded.retryable());

        upstream.answer(r -> Reply.json(429, error("rate_limit_error", "slow down")).withHeader("retry-after", "12"));
        ProviderException limited = assertThrows(ProviderException.class, () -> direct().complete(req));
        assertEquals(ProviderException.Kind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(12), limited.retryAfter().orElseThrow());

        upstream.answer(r -> Reply.json(400, error("invalid_request_error", "prompt is too long: 300000 tokens")));
        ProviderException rejected = assertThrows(ProviderException.class, () -> direct().complete(req));
        assertEquals(ProviderException.Kind.REJECTED, rejected.kind(), "never classified from message text");
        assertEquals(400, rejected.status());
        assertFalse(rejected.retryable());

        upstream.answer(r -> Reply.json(401, error("authentication_error", "invalid x-api-key sk-ant-test")));
        ProviderException auth = assertThrows(ProviderException.class, () -> direct().complete(req));
        assertEquals(ProviderException.Kind.AUTH, auth.kind());
        assertTrue(auth.retryable(), "another endpoint may have working credentials");
        assertEquals(502, auth.status(), "not the caller's 401");
        assertEquals("api_error", auth.type());
        assertEquals(Optional.of("upstream_auth_failed"), auth.code());
        assertTrue(auth.getMessage().contains("'claude'"), auth.getMessage());
        assertFalse(auth.getMessage().contains("sk-ant"), "an upstream auth message may echo our key");

        upstream.answer(r -> Reply.json(403, error("permission_error", "no")));
        assertEquals(ProviderException.Kind.AUTH, assertThrows(ProviderException.class, () -> direct().complete(req)).kind());

        upstream.answer(r -> Reply.json(404, error("not_found_error", "model: claude-sonnet-9")));
        ProviderException unknown = assertThrows(ProviderException.class, () -> direct().stream(hello(true)));
        assertEquals(ProviderException.Kind.NOT_FOUND, unknown.kind());
        assertTrue(unknown.retryable());
        assertEquals(502, unknown.status());
        assertEquals(Optional.of("upstream_model_not_found"), unknown.code());
        assertTrue(unknown.getMessage().contains("'" + MODEL + "'"), unknown.getMessage());

        upstream.answer(r -> Reply.json(413, "<html>Request Entity Too Large</html>"));
        ProviderException large = assertThrows(ProviderException.class, () -> direct().complete(req));
        assertEquals(ProviderException.Kind.REJECTED, large.kind());
        assertEquals(413, large.status());

        upstream.answer(r -> Reply.json(500, error("api_error", "internal")));
        ProviderException server = assertThrows(ProviderException.class, () -> direct().complete(req));
        assertEquals(ProviderException.Kind.SERVER_ERROR, server.kind());
        assertTrue(server.retryable());

        upstream.answer(r -> Reply.json(529, error("overloaded_error", "Overloaded")));
        assertEquals(ProviderException.Kind.OVERLOADED,
                assertThrows(ProviderException.class, () -> direct().stream(hello(true))).kind());
    }

    @Test
    void whatClaudeCannotDoIsACallerErrorBeforeAnyCall() throws Exception {
        CallerException e = assertThrows(CallerException.class, () -> direct().complete(request("""
                {"model":"%s","logprobs":true,"messages":[{"role":"user","content":"x"}]}""".formatted(MODEL))));
        assertEquals("logprobs", e.param().orElseThrow());
        assertTrue(upstream.received().isEmpty());
    }

    private static String error(String type, String message) {
        return """
                {"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_1"}""".formatted(type, message);
    }
}

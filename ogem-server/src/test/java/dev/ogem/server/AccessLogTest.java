package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.LogCapture;
import dev.ogem.server.access.AccessLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One access log line per request on {@code ogem.access}: a plain answer, a stream, a cache hit, a fallback,
 * an upstream error, a refused key. Each line is one JSON object with the request's id (the caller's, echoed,
 * or a new one), the key's name, the model asked and served, status, tokens, cache and attempts, and never
 * the key, the prompt or the answer.
 */
class AccessLogTest {

    private static final String PROMPT = "PROMPT-TEXT-42";
    private static final String ANSWER = "ANSWER-TEXT-42";
    private static final String CHAT = "/v1/chat/completions";

    private static FakeUpstream first;
    private static FakeUpstream second;
    private static TestGateway gateway;
    private LogCapture logs;

    @BeforeAll
    static void start() {
        first = FakeUpstream.start();
        second = FakeUpstream.start();
        first.answer(r -> {
            if (r.body().contains("too long for you")) {
                return Reply.json(400, OpenAiFixtures.error("too long", "invalid_request_error",
                        "context_length_exceeded"));
            }
            if (r.body().contains("refuse this")) {
                return Reply.json(400, OpenAiFixtures.error("bad", "invalid_request_error", "invalid_value"));
            }
            return r.json().path("stream").asBoolean()
                    ? Reply.sse(List.of(Event.data(OpenAiFixtures.chunk(ANSWER)), Event.data(OpenAiFixtures.finish("stop")),
                            Event.data("""
                                    {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],\
                                    "usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}"""),
                            Event.data("[DONE]")))
                    : Reply.json(200, OpenAiFixtures.completion("gpt-4o", ANSWER));
        });
        second.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", ANSWER)));
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  first:
                    base_url: %s
                    protocol: openai
                    regions: { first: { models: [ gpt-4o ] } }
                  second:
                    base_url: %s
                    protocol: openai
                    regions: { second: { models: [ gpt-4o ] } }
                """.formatted(first.baseUrl(), second.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        first.close();
        second.close();
    }

    @BeforeEach
    void capture() {
        logs = LogCapture.of(AccessLog.LOGGER);
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}]}";
    }

    private HttpResponse<String> post(String body, Optional<String> requestId, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(CHAT)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        requestId.ifPresent(id -> request.header("x-request-id", id));
        return gateway.send(request.build());
    }

    private HttpResponse<String> post(String body) {
        return post(body, Optional.empty(), TestGateway.KEY);
    }

    /** The line of a request, waited for: it is written once the response is sent, so it may trail the answer. */
    private JsonNode line(HttpResponse<String> response) throws IOException {
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<LogRecord> lines = logs.records().stream().filter(r -> r.getMessage().contains("\"" + id + "\""))
                    .toList();
            if (!lines.isEmpty()) {
                assertEquals(1, lines.size(), "one line per request");
                LogRecord line = lines.getFirst();
                assertEquals(Level.INFO, line.getLevel());
                assertFalse(line.getMessage().contains(PROMPT), line.getMessage());
                assertFalse(line.getMessage().contains(ANSWER), line.getMessage());
                assertFalse(line.getMessage().contains(TestGateway.KEY), line.getMessage());
                assertFalse(line.getMessage().contains("\n"), "one line");
                JsonNode json = OpenAiJson.readTree(line.getMessage());
                assertEquals(id, json.path("request_id").asText());
                return json;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("no access log line for " + id + " in " + logs.records().size() + " records");
    }

    @Test
    void aPlainAnswerIsOneLineWithItsRouteTokensAndTheCallersRequestId() throws IOException {
        HttpResponse<String> response = post(chat("first/gpt-4o", ""), Optional.of("trace-7f3a:1"), TestGateway.KEY);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("trace-7f3a:1", response.headers().firstValue("x-request-id").orElseThrow());
        JsonNode line = line(response);
        assertEquals("default", line.path("key").asText());
        assertEquals("POST", line.path("method").asText());
        assertEquals(CHAT, line.path("route").asText());
        assertEquals("first/gpt-4o", line.path("model").asText());
        assertFalse(line.path("stream").asBoolean());
        assertEquals("first", line.path("provider").asText());
        assertEquals("first", line.path("region").asText());
        assertEquals("gpt-4o", line.path("served_model").asText());
        assertEquals(200, line.path("status").asInt());
        assertEquals(5, line.path("prompt_tokens").asLong());
        assertEquals(2, line.path("completion_tokens").asLong());
        assertEquals(1, line.path("attempts").asInt());
        assertEquals(0, line.path("fallbacks").asInt());
        assertTrue(line.path("latency_ms").asDouble() >= 0);
        assertTrue(line.path("time").asText().endsWith("Z"), line.toString());
        assertTrue(line.path("error").isMissingNode());
        assertTrue(line.path("ttft_ms").isMissingNode(), "only streams have a first token");
        assertTrue(line.path("cache").isMissingNode(), "not cacheable without temperature 0");
    }

    @Test
    void anUnsafeRequestIdIsReplacedByANewOne() throws IOException {
        for (String unsafe : List.of("has space", "x".repeat(129), "quote\"d", "new\\nline")) {
            HttpResponse<String> response = post(chat("first/gpt-4o", ""), Optional.of(unsafe), TestGateway.KEY);
            String id = response.headers().firstValue("x-request-id").orElseThrow();
            assertNotEquals(unsafe, id);
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
            line(response);
        }
        Set<String> fresh = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String id = post(chat("first/gpt-4o", "")).headers().firstValue("x-request-id").orElseThrow();
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            fresh.add(id);
        }
        assertEquals(3, fresh.size(), "every request gets an id of its own");
    }

    @Test
    void aStreamHasItsTimeToFirstTokenAndTheUsageTheCallerDidNotAskFor() throws IOException {
        HttpResponse<String> response = post(chat("first/gpt-4o", "\"stream\":true,"));

        assertEquals(200, response.statusCode(), response.body());
        assertFalse(response.body().contains("prompt_tokens"), "the caller did not ask for usage");
        JsonNode line = line(response);
        assertTrue(line.path("stream").asBoolean());
        assertEquals(200, line.path("status").asInt());
        assertEquals("first", line.path("provider").asText());
        double ttft = line.path("ttft_ms").asDouble(-1);
        assertTrue(ttft >= 0 && ttft <= line.path("latency_ms").asDouble(), line.toString());
        assertEquals(11, line.path("prompt_tokens").asLong());
        assertEquals(3, line.path("completion_tokens").asLong());
        assertEquals(1, line.path("attempts").asInt());
    }

    @Test
    void aCacheHitMakesNoAttempt() throws IOException {
        String body = chat("first/gpt-4o", "\"temperature\":0,\"seed\":" + System.nanoTime() + ",");
        JsonNode miss = line(post(body));
        JsonNode hit = line(post(body));

        assertEquals("miss", miss.path("cache").asText());
        assertEquals(1, miss.path("attempts").asInt());
        assertEquals("hit", hit.path("cache").asText());
        assertEquals(0, hit.path("attempts").asInt());
        assertEquals("first", hit.path("provider").asText());
    }

    @Test
    void aFallbackCountsBothAttempts() throws IOException {
        HttpResponse<String> response = post(chat("first/gpt-4o,second/gpt-4o", "\"user\":\"too long for you\","));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode line = line(response);
        assertEquals("second", line.path("provider").asText());
        assertEquals("second", line.path("region").asText());
        assertEquals(2, line.path("attempts").asInt());
        assertEquals(1, line.path("fallbacks").asInt());
    }

    @Test
    void errorsHaveTheirStatusAndCode() throws IOException {
        JsonNode refused = line(post(chat("first/gpt-4o", "\"user\":\"refuse this\",")));
        assertEquals(400, refused.path("status").asInt());
        assertEquals("invalid_value", refused.path("error").asText());
        assertEquals(1, refused.path("attempts").asInt());

        JsonNode unknown = line(post(chat("no-such-model", "")));
        assertEquals(404, unknown.path("status").asInt());
        assertEquals("model_not_found", unknown.path("error").asText());
        assertEquals("no-such-model", unknown.path("model").asText());

        JsonNode wrongKey = line(post(chat("first/gpt-4o", ""), Optional.empty(), "not-the-key"));
        assertEquals(401, wrongKey.path("status").asInt());
        assertEquals("invalid_api_key", wrongKey.path("error").asText());
        assertTrue(wrongKey.path("key").isMissingNode());
        assertTrue(wrongKey.path("model").isMissingNode(), "the body of a refused request is not read");
    }

    @Test
    void healthProbesAreNotLoggedButOtherRoutesAre() throws IOException {
        HttpResponse<String> models = gateway.get("/v1/models");
        JsonNode line = line(models);
        assertEquals("/v1/models", line.path("route").asText());
        assertEquals(200, line.path("status").asInt());
        assertTrue(line.path("attempts").isMissingNode());

        HttpResponse<String> health = gateway.get("/observe/health");
        assertEquals(200, health.statusCode());
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        String id = health.headers().firstValue("x-request-id").orElseThrow();
        assertTrue(logs.records().stream().noneMatch(r -> r.getMessage().contains(id)));
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatCompletionsTest {

    private static FakeUpstream primary;
    private static FakeUpstream secondary;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        primary = FakeUpstream.start();
        secondary = FakeUpstream.start();
        gateway = TestGateway.start("""
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions:
                      openai:
                        models:
                          - name: gpt-4o
                            other_names: [gpt4, gpt-4o-latest]
                            rpm: 10_000
                  backup:
                    base_url: %s
                    protocol: openai
                    regions:
                      backup:
                        models:
                          - name: gpt-4o
                          - name: small-model
                """.formatted(primary.baseUrl(), secondary.baseUrl()),
                Map.of("OPENAI_API_KEY", "sk-upstream-key-for-tests"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        primary.close();
        secondary.close();
    }

    @BeforeEach
    void answerNormally() {
        primary.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", "from primary")));
        secondary.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", "from secondary")));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return OpenAiJson.readTree(response.body());
    }

    @Test
    void anAliasGoesUpstreamUnderItsCanonicalNameWithUnknownFieldsUntouched() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"gpt4","messages":[{"role":"user","content":"hi"}],"temperature":0.2,
                 "metadata":{"team":"x"},"some_future_flag":true}""");
        assertEquals(200, response.statusCode(), response.body());
        // Both endpoints serve gpt-4o; routing picks by measured latency, and the headers say which one served.
        boolean byPrimary = response.headers().firstValue("x-ogem-provider").orElseThrow().equals("openai");
        assertEquals(byPrimary ? "from primary" : "from secondary",
                json(response).at("/choices/0/message/content").asText());
        assertEquals("gpt-4o", response.headers().firstValue("x-ogem-model").orElseThrow());
        FakeUpstream served = byPrimary ? primary : secondary;
        JsonNode sent = served.last().json();
        assertEquals("gpt-4o", sent.get("model").asText());
        assertTrue(sent.get("some_future_flag").asBoolean());
        assertEquals("x", sent.at("/metadata/team").asText());
        if (byPrimary) {
            assertEquals("Bearer sk-upstream-key-for-tests", primary.last().header("Authorization"));
        }
    }

    @Test
    void providerAndRegionNarrowTheChoice() throws Exception {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"backup/backup/gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals("from secondary", json(response).at("/choices/0/message/content").asText());
    }

    @Test
    void aRetryableUpstreamFailureFallsBackToTheNextEndpoint() throws Exception {
        primary.answer(r -> Reply.json(503, OpenAiFixtures.error("overloaded", "server_error", "overloaded")));
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(200, response.statusCode());
        assertEquals("from secondary", json(response).at("/choices/0/message/content").asText());
    }

    @Test
    void aCallersErrorFromUpstreamIsReturnedAsIs() throws Exception {
        // Whichever endpoint routing tries first rejects the request: it must not be tried on the other.
        Reply rejected = Reply.json(400, OpenAiFixtures.error("Invalid 'messages[0].role'", "invalid_request_error",
                "invalid_value"));
        primary.answer(r -> rejected);
        secondary.answer(r -> rejected);
        int before = primary.received().size() + secondary.received().size();
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(400, response.statusCode());
        assertEquals("invalid_value", json(response).at("/error/code").asText());
        assertEquals("Invalid 'messages[0].role'", json(response).at("/error/message").asText());
        assertEquals(before + 1, primary.received().size() + secondary.received().size(), "not retried elsewhere");
    }

    @Test
    void aContextWindowFailureMovesToTheNextChainEntry() throws Exception {
        primary.answer(r -> Reply.json(400, OpenAiFixtures.error("too long", "invalid_request_error",
                "context_length_exceeded")));
        secondary.answer(r -> r.json().get("model").asText().equals("gpt-4o")
                ? Reply.json(400, OpenAiFixtures.error("too long", "invalid_request_error", "context_length_exceeded"))
                : Reply.json(200, OpenAiFixtures.completion("small-model", "small answered")));
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"gpt-4o, small-model","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("small answered", json(response).at("/choices/0/message/content").asText());
    }

    @Test
    void whenEveryEndpointIsRateLimitedTheCallerGets429WithRetryAfter() throws Exception {
        primary.answer(r -> Reply.json(429, OpenAiFixtures.error("slow", "requests", "rate_limit_exceeded"))
                .withHeader("Retry-After", "3"));
        secondary.answer(r -> Reply.json(429, OpenAiFixtures.error("slow", "requests", "rate_limit_exceeded"))
                .withHeader("Retry-After", "2"));
        // A gateway of its own: the 429s cool both endpoints down, which must not leak into the other tests.
        try (TestGateway own = TestGateway.start("""
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions: { openai: { models: [ gpt-4o ] } }
                  backup:
                    base_url: %s
                    protocol: openai
                    regions: { backup: { models: [ gpt-4o ] } }
                """.formatted(primary.baseUrl(), secondary.baseUrl()),
                Map.of("OPENAI_API_KEY", "sk-upstream-key-for-tests"))) {
            HttpResponse<String> response = own.post("/v1/chat/completions", """
                    {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
            assertEquals(429, response.statusCode());
            assertEquals("rate_limit_exceeded", json(response).at("/error/code").asText());
            assertEquals("2", response.headers().firstValue("Retry-After").orElseThrow());
        }
    }
}

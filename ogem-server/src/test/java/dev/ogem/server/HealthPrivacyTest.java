package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.ValkeyForTests;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /observe/health} is open to anyone, so during a Valkey outage it says that the store is degraded
 * and no more: the Valkey address and the client's error text are only on {@code /v1/status}, behind the
 * gateway key (and in the log).
 */
class HealthPrivacyTest {

    private static final String ASK = """
            {"model":"m","messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void healthShowsNeitherTheValkeyAddressNorTheErrorText() throws Exception {
        ValkeyForTests valkey = ValkeyForTests.startOrSkip();
        try (FakeUpstream upstream = FakeUpstream.start();
             TestGateway gateway = TestGateway.start("""
                     retry_interval: "0"
                     ping_interval: "0"
                     providers:
                       local:
                         base_url: %s
                         protocol: openai
                         regions: { local: { models: [ { name: m, rpm: 1000 } ] } }
                     """.formatted(upstream.baseUrl()), Map.of("VALKEY_ENDPOINT", valkey.endpoint()))) {
            upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "ok")));
            valkey.stop();
            JsonNode status = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while ((status == null || !status.path("degraded").asBoolean()) && System.nanoTime() < deadline) {
                assertEquals(200, gateway.post("/v1/chat/completions", ASK).statusCode());
                HttpResponse<String> page = gateway.get("/v1/status");
                status = OpenAiJson.readTree(page.body()).path("state_store");
            }
            assertTrue(status.path("degraded").asBoolean(), String.valueOf(status));
            String port = valkey.endpoint().substring(valkey.endpoint().lastIndexOf(':') + 1);
            assertTrue(status.path("reason").asText().contains(port), "the keyed status page says why: " + status);

            HttpResponse<String> health = gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/health")).GET()
                    .build());
            assertEquals(200, health.statusCode(), "degraded stays UP");
            assertTrue(health.body().contains("\"degraded\":true"), health.body());
            assertFalse(health.body().contains(port), health.body());
            assertFalse(health.body().contains("127.0.0.1"), health.body());
            assertFalse(health.body().contains("reason"), health.body());
            assertFalse(health.body().contains("Exception"), health.body());
        } finally {
            valkey.close();
        }
    }
}

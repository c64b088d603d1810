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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Valkey stops mid-test: requests keep flowing on local limits; it comes back: ogem recovers on its own. */
class ValkeyOutageServerTest {

    private static final String ASK = """
            {"model":"m","messages":[{"role":"user","content":"hi"}]}""";

    @Test
    void requestsKeepFlowingThroughAnOutageAndRecoveryNeedsNobody() throws Exception {
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
            assertEquals(200, gateway.post("/v1/chat/completions", ASK).statusCode());
            assertEquals(false, storeStatus(gateway).get("degraded").asBoolean());

            valkey.stop();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = gateway.post("/v1/chat/completions", ASK);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "an outage must not stall requests");
            }
            JsonNode degraded = storeStatus(gateway);
            assertTrue(degraded.get("degraded").asBoolean(), degraded.toString());
            assertEquals("valkey", degraded.get("mode").asText());
            HttpResponse<String> health = gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/health")).GET().build());
            assertEquals(200, health.statusCode(), "degraded stays UP");
            assertTrue(health.body().contains("state-store") && health.body().contains("\"degraded\":true"), health.body());

            valkey.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            boolean recovered = false;
            while (!recovered && System.nanoTime() < deadline) {
                assertEquals(200, gateway.post("/v1/chat/completions", ASK).statusCode());
                recovered = !storeStatus(gateway).get("degraded").asBoolean();
                if (!recovered) {
                    Thread.sleep(200);
                }
            }
            assertTrue(recovered, "ogem went back to Valkey by itself");
        } finally {
            valkey.close();
        }
    }

    private static JsonNode storeStatus(TestGateway gateway) throws Exception {
        HttpResponse<String> status = gateway.get("/v1/status");
        assertEquals(200, status.statusCode(), status.body());
        return OpenAiJson.readTree(status.body()).get("state_store");
    }
}

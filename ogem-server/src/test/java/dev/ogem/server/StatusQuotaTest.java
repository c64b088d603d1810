package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code remaining_rpm} and {@code remaining_tpm} per model bucket in {@code /v1/status}. */
class StatusQuotaTest {

    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "ok"))); // usage: 7 tokens
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions:
                      local:
                        models:
                          - { name: limited, rpm: 10, tpm: 5000 }
                          - { name: sibling, rate_key: limited, rpm: 10, tpm: 5000 }
                          - { name: free }
                """.formatted(upstream.baseUrl()), Map.of());
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void remainingQuotaCountsEveryCallOfTheBucket() {
        JsonNode before = models();
        assertEquals(10, before.at("/0/remaining_rpm").asLong());
        assertEquals(5000, before.at("/0/remaining_tpm").asLong());

        for (String model : new String[] {"limited", "limited", "sibling", "free"}) {
            HttpResponse<String> answer = gateway.post("/v1/chat/completions",
                    "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, answer.statusCode(), answer.body());
        }

        JsonNode after = models();
        assertEquals(7, after.at("/0/remaining_rpm").asLong(), after.toString());
        assertEquals(5000 - 3 * 7, after.at("/0/remaining_tpm").asLong(), "settled to the real usage");
        assertEquals(7, after.at("/1/remaining_rpm").asLong(), "a shared rate_key shares the bucket");
        assertTrue(after.at("/2/remaining_rpm").isNull(), "unlimited: null");
        assertTrue(after.at("/2/remaining_tpm").isNull(), "unlimited: null");
    }

    private JsonNode models() {
        HttpResponse<String> response = gateway.get("/v1/status");
        assertEquals(200, response.statusCode(), response.body());
        try {
            return OpenAiJson.readTree(response.body()).at("/providers/local/regions/local/models");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.ValkeyForTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two ogem instances sharing one real Valkey enforce the configured rpm once, and share the cache. */
class FleetTest {

    private static final int RPM = 5;

    private static ValkeyForTests valkey;
    private static FakeUpstream upstream;
    private static TestGateway one;
    private static TestGateway two;

    @BeforeAll
    static void start() {
        valkey = ValkeyForTests.startOrSkip();
        upstream = FakeUpstream.start();
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion(r.json().get("model").asText(), "answer")));
        String yaml = """
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions:
                      local:
                        models:
                          - { name: limited, rpm: %d }
                          - { name: cached, other_names: [cached-alias] }
                """.formatted(upstream.baseUrl(), RPM);
        one = TestGateway.start(yaml, Map.of("VALKEY_ENDPOINT", valkey.endpoint()));
        two = TestGateway.start(yaml, Map.of("VALKEY_ENDPOINT", valkey.endpoint()));
    }

    @AfterAll
    static void stop() {
        if (one != null) {
            one.close();
            two.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (valkey != null) {
            valkey.close();
        }
    }

    @Test
    void theAdmittedTotalOverTheWindowIsTheConfiguredRpmNotTwiceIt() {
        int before = upstream.received().size();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4 * RPM; i++) {
            TestGateway gateway = i % 2 == 0 ? one : two;
            HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                    {"model":"limited","messages":[{"role":"user","content":"hi %d"}]}""".formatted(i));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
                assertTrue(response.body().contains("rate_limit_exceeded"), response.body());
            }
        }
        assertEquals(RPM, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(3 * RPM, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        assertEquals(RPM, upstream.received().size() - before, "only admitted requests went upstream");
    }

    @Test
    void aCachedAnswerWrittenThroughOneInstanceIsServedByTheOther() throws Exception {
        String ask = """
                {"model":"%s","temperature":0,"messages":[{"role":"user","content":"What is 2+2?"}]}""";
        HttpResponse<String> first = one.post("/v1/chat/completions", ask.formatted("cached"));
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("miss", first.headers().firstValue("x-ogem-cache").orElseThrow());
        int before = upstream.received().size();
        HttpResponse<String> second = two.post("/v1/chat/completions", ask.formatted("local/cached-alias"));
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("hit", second.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals("local", second.headers().firstValue("x-ogem-provider").orElseThrow());
        assertEquals("cached", second.headers().firstValue("x-ogem-model").orElseThrow());
        assertEquals(before, upstream.received().size(), "the hit never reached the upstream");
        JsonNode a = OpenAiJson.readTree(first.body());
        JsonNode b = OpenAiJson.readTree(second.body());
        assertEquals(a, b);
    }
}

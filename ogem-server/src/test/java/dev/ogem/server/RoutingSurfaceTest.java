package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing surface over HTTP: x-ogem-* headers, the cache headers, x-ogem-timeout, /v1/status, health. */
class RoutingSurfaceTest {

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        upstream.answer(r -> r.json().path("stream").asBoolean()
                ? Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("streamed")), Event.data(
                        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}"), Event.data("[DONE]")))
                : Reply.json(200, OpenAiFixtures.completion("m", "plain")));
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ { name: m, other_names: [alias], rpm: 100, tpm: 100000 } ] } }
                """.formatted(upstream.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void everyAnswerNamesTheEndpointThatServedIt() {
        HttpResponse<String> plain = gateway.post("/v1/chat/completions", """
                {"model":"alias","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals("local", plain.headers().firstValue("x-ogem-provider").orElseThrow());
        assertEquals("local", plain.headers().firstValue("x-ogem-region").orElseThrow());
        assertEquals("m", plain.headers().firstValue("x-ogem-model").orElseThrow());
        assertTrue(plain.headers().firstValue("x-ogem-cache").isEmpty(), "not cacheable: no cache header");

        HttpResponse<String> stream = gateway.post("/v1/chat/completions", """
                {"model":"alias","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(200, stream.statusCode());
        assertEquals("m", stream.headers().firstValue("x-ogem-model").orElseThrow());
        assertTrue(stream.body().contains("streamed"));
        assertFalse(stream.body().contains("\"usage\""), "the usage chunk ogem asked for is not shown: " + stream.body());
        assertTrue(upstream.last().json().at("/stream_options/include_usage").asBoolean(), "usage was asked upstream");
    }

    @Test
    void deterministicRequestsAreCachedAndTheHeaderSaysSo() {
        String ask = """
                {"model":"m","temperature":0,"messages":[{"role":"user","content":"cache me"}]}""";
        assertEquals("miss", gateway.post("/v1/chat/completions", ask).headers().firstValue("x-ogem-cache").orElseThrow());
        int before = upstream.received().size();
        assertEquals("hit", gateway.post("/v1/chat/completions", ask).headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals(before, upstream.received().size());
        HttpResponse<String> bypass = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                .header("x-ogem-cache", "bypass").POST(HttpRequest.BodyPublishers.ofString(ask)).build());
        assertEquals("miss", bypass.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals(before + 1, upstream.received().size());
    }

    @Test
    void theTimeoutHeaderIsReadAndAMalformedOneIs400() {
        HttpRequest.Builder base = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"m","messages":[{"role":"user","content":"hi"}]}"""));
        assertEquals(200, gateway.send(base.copy().header("x-ogem-timeout", "30s").build()).statusCode());
        assertEquals(200, gateway.send(base.copy().header("x-ogem-timeout", "45").build()).statusCode());
        HttpResponse<String> bad = gateway.send(base.copy().header("x-ogem-timeout", "soon").build());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("x-ogem-timeout"));
    }

    @Test
    void statusShowsProvidersRegionsModelsLatencyAndTheStateStore() throws Exception {
        gateway.post("/v1/chat/completions", """
                {"model":"m","messages":[{"role":"user","content":"measure me"}]}""");
        assertEquals(401, gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/status")).GET().build()).statusCode());
        HttpResponse<String> response = gateway.get("/v1/status");
        assertEquals(200, response.statusCode());
        JsonNode status = OpenAiJson.readTree(response.body());
        assertEquals("memory", status.at("/state_store/mode").asText());
        JsonNode region = status.at("/providers/local/regions/local");
        assertEquals("openai", status.at("/providers/local/protocol").asText());
        assertEquals("m", region.at("/models/0/name").asText());
        assertEquals(100, region.at("/models/0/rpm").asLong());
        assertTrue(region.get("latency").asLong() > 0, region.toString());
        assertEquals("healthy", region.get("health").asText());
        assertFalse(region.get("last_checked").isNull());
        assertTrue(region.get("circuit_open_ms").isNull());
        HttpResponse<String> health = gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/health")).GET().build());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("state-store"), health.body());
    }
}

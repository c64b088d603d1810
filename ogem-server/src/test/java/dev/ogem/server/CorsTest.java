package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS over real HTTP: off by default (no headers, a preflight is not answered), and with
 * {@code cors.allowed_origins} a preflight from an allowed origin is answered without a key, its real request
 * carries the CORS headers, and another origin's preflight is a 403.
 */
class CorsTest {

    private static final String APP = "https://app.example.com";

    private static FakeUpstream upstream;
    private static TestGateway open;
    private static TestGateway closed;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "hi")));
        String providers = """
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ m ] } }
                """.formatted(upstream.baseUrl());
        open = TestGateway.start(providers + "cors: { allowed_origins: [ \"" + APP + "\" ] }\n", Map.of());
        closed = TestGateway.start(providers, Map.of());
    }

    @AfterAll
    static void stop() {
        open.close();
        closed.close();
        upstream.close();
    }

    private static HttpResponse<String> preflight(TestGateway gateway, String origin) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-stainless-os").build());
    }

    private static HttpResponse<String> chat(TestGateway gateway, String origin) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions")).header("Origin", origin)
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build());
    }

    @Test
    void anAllowedOriginsPreflightIsAnsweredWithoutAKeyAndItsRequestCarriesTheHeaders() {
        HttpResponse<String> preflight = preflight(open, APP);
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(APP, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
        assertEquals("authorization, content-type, x-stainless-os",
                preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());

        HttpResponse<String> answer = chat(open, APP);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(APP, answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(answer.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("x-ogem-provider"));
        assertEquals("Origin", answer.headers().firstValue("Vary").orElseThrow());
    }

    @Test
    void anotherOriginGetsNoHeadersAndItsPreflightIs403() {
        HttpResponse<String> preflight = preflight(open, "https://evil.example");
        assertEquals(403, preflight.statusCode());
        assertTrue(preflight.body().contains("\"origin_not_allowed\""), preflight.body());
        HttpResponse<String> answer = chat(open, "https://evil.example");
        assertEquals(200, answer.statusCode(), "the server answers; the browser hides it");
        assertTrue(answer.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void withoutAllowedOriginsCorsIsOff() {
        HttpResponse<String> preflight = preflight(closed, APP);
        assertEquals(401, preflight.statusCode(), "no preflight answer: it needs the key like any request");
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertTrue(chat(closed, APP).headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
}

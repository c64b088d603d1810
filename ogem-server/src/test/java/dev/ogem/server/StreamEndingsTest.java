package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a stream that does not end well is logged and counted: a client that leaves mid-stream is an
 * ordinary event (one quiet line, no SEVERE, no stack trace), and a stream that ended in an upstream error
 * counts as an {@code error} completion, not an {@code ok} one.
 */
class StreamEndingsTest {

    private static final String STREAM = """
            {"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        gateway = TestGateway.start("""
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ m ] } }
                """.formatted(upstream.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void aClientThatLeavesMidStreamIsLoggedQuietly() throws Exception {
        ClientLeavesMidStream.isCountedAndLoggedQuietly(gateway, upstream, "/v1/chat/completions",
                "Authorization: Bearer " + TestGateway.KEY, STREAM, SseRelay.class.getName());
    }

    @Test
    void aStreamThatEndedInAnUpstreamErrorCountsAsAnError() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("partial")),
                Event.data(OpenAiFixtures.error("upstream broke", "server_error", "server_error")))));
        double okBefore = gateway.streamCompletions("ok");
        double errorBefore = gateway.streamCompletions("error");
        HttpResponse<String> response = gateway.http().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("upstream broke"), response.body());
        assertEquals(errorBefore + 1, gateway.streamCompletions("error"));
        assertEquals(okBefore, gateway.streamCompletions("ok"));
    }
}

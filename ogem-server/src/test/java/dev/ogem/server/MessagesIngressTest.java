package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.server.messages.MessagesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /v1/messages} and {@code /v1/messages/count_tokens} as citizens of the gateway's shared ingress: their
 * bodies are charged to the one body budget that chat completions and embeddings share (held until the answer
 * is sent; past it a 429 with {@code Retry-After}, in Anthropic's error shape), and a Messages stream ends as a
 * chat stream does: a client that leaves is counted {@code client_closed} and logged quietly, an upstream error
 * mid-stream is counted {@code error}.
 */
class MessagesIngressTest {

    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final String SMALL = """
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""";
    private static final String STREAM = """
            {"model":"m","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

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
                """.formatted(upstream.baseUrl()), Map.of("MAX_REQUEST_BYTES", Integer.toString(MAX_BODY),
                "MAX_REQUEST_BYTES_IN_FLIGHT", Integer.toString(2 * MAX_BODY)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void aLargeMessagesBodyHeldOpenMakesTheNextLargeBodiesA429OfTheOneBudget() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer(r -> {
            if (r.body().length() > 1024 * 1024) {
                await(release);
            }
            return Reply.json(200, OpenAiFixtures.completion("m", "ok"));
        });
        String content = "x".repeat(MAX_BODY - 200);
        String large = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"" + content
                + "\"}]}";
        CompletableFuture<HttpResponse<String>> held = gateway.http().sendAsync(post(MessagesApi.PREFIX, large),
                HttpResponse.BodyHandlers.ofString());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (upstream.received().stream().noneMatch(r -> r.body().length() > MAX_BODY / 2)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(upstream.received().stream().anyMatch(r -> r.body().length() > MAX_BODY / 2),
                    "the first large message reached the upstream, its body held");

            for (String path : List.of(MessagesApi.PREFIX, MessagesApi.PREFIX + "/count_tokens")) {
                HttpResponse<String> refused = gateway.send(post(path, large));
                assertEquals(429, refused.statusCode(), path + ": " + refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
                JsonNode error = OpenAiJson.readTree(refused.body());
                assertEquals("error", error.path("type").asText(), "Anthropic's shape: " + refused.body());
                assertEquals("rate_limit_error", error.at("/error/type").asText());
                assertTrue(error.at("/error/message").asText().contains("MAX_REQUEST_BYTES_IN_FLIGHT"));
            }
            String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
            assertEquals(429, gateway.send(post("/v1/chat/completions", chat)).statusCode(),
                    "one budget: a held message body counts against chat completions too");
            assertEquals(200, gateway.post(MessagesApi.PREFIX, SMALL).statusCode(), "small requests go on");
            assertEquals(200, gateway.post(MessagesApi.PREFIX + "/count_tokens", SMALL).statusCode());
        } finally {
            release.countDown();
        }
        assertEquals(200, held.get(30, TimeUnit.SECONDS).statusCode());
        gateway.awaitIdle();
        assertEquals(200, gateway.send(post(MessagesApi.PREFIX, large)).statusCode(), "the budget was given back");
        gateway.awaitIdle(); // the lease goes back when the handler returns, just after the answer left
        assertEquals(200, gateway.send(post(MessagesApi.PREFIX + "/count_tokens", large)).statusCode());
    }

    @Test
    void aMessagesBodyPastTheSizeLimitIsA413InAnthropicsShape() throws IOException {
        String tooLarge = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(MAX_BODY) + "\"}]}";
        HttpResponse<String> refused = gateway.send(post(MessagesApi.PREFIX, tooLarge));
        assertEquals(413, refused.statusCode(), refused.body());
        assertEquals("request_too_large", OpenAiJson.readTree(refused.body()).at("/error/type").asText());
    }

    @Test
    void aClientThatLeavesAMessagesStreamIsCountedAsClientClosedAndLoggedQuietly() throws Exception {
        ClientLeavesMidStream.isCountedAndLoggedQuietly(gateway, upstream, MessagesApi.PREFIX,
                "x-api-key: " + TestGateway.KEY, STREAM, "dev.ogem.server.messages.MessageRelay");
    }

    @Test
    void aMessagesStreamThatEndedInAnUpstreamErrorCountsAsAnError() {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("partial")),
                Event.data(OpenAiFixtures.error("upstream broke", "server_error", "server_error")))));
        double okBefore = gateway.streamCompletions("ok");
        double errorBefore = gateway.streamCompletions("error");

        HttpResponse<String> response = gateway.post(MessagesApi.PREFIX, STREAM);

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("event: error") && response.body().contains("upstream broke"),
                response.body());
        assertEquals(errorBefore + 1, gateway.streamCompletions("error"));
        assertEquals(okBefore, gateway.streamCompletions("ok"));
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(gateway.uri(path))
                .header("x-api-key", TestGateway.KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.LogCapture;
import dev.ogem.server.messages.MessagesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
        assertEquals(200, gateway.send(post(MessagesApi.PREFIX, large)).statusCode(), "the budget was given back");
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
        CountDownLatch clientGone = new CountDownLatch(1);
        List<Event> events = new ArrayList<>();
        events.add(Event.data(OpenAiFixtures.chunk("first")));
        events.add(Event.data(OpenAiFixtures.chunk("after-close")).after(clientGone));
        for (int i = 0; i < 200; i++) {
            events.add(Event.data(OpenAiFixtures.chunk("more-" + i + "x".repeat(20_000))).delayed(Duration.ofMillis(5)));
        }
        events.add(Event.data("[DONE]"));
        upstream.answer(r -> Reply.sse(events));
        double closedBefore = StreamEndingsTest.streams(gateway, "client_closed");
        double errorsBefore = StreamEndingsTest.streams(gateway, "error");
        Logger relay = Logger.getLogger("dev.ogem.server.messages.MessageRelay");
        Level level = relay.getLevel();
        relay.setLevel(Level.FINE);
        try (LogCapture logs = LogCapture.of("")) {
            readFirstEventAndLeave();
            clientGone.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (StreamEndingsTest.streams(gateway, "client_closed") == closedBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(closedBefore + 1, StreamEndingsTest.streams(gateway, "client_closed"),
                    "a Messages stream the client left is counted as such");
            assertEquals(errorsBefore, StreamEndingsTest.streams(gateway, "error"), "and not as an error");
            // The server logs what a handler threw after the handler returned: give it the time to.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (loud(logs).isEmpty() && System.nanoTime() < settle) {
                Thread.sleep(20);
            }
            assertTrue(loud(logs).isEmpty(), "logged loudly: " + loud(logs).stream()
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
                    .toList());
            List<LogRecord> lines = logs.records().stream()
                    .filter(r -> r.getLoggerName().equals(relay.getName())).toList();
            assertEquals(1, lines.size(), "one line");
            assertEquals(Level.FINE, lines.getFirst().getLevel());
            assertTrue(lines.getFirst().getMessage().startsWith("The client closed the stream after "),
                    lines.getFirst().getMessage());
        } finally {
            relay.setLevel(level);
        }
    }

    @Test
    void aMessagesStreamThatEndedInAnUpstreamErrorCountsAsAnError() {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("partial")),
                Event.data(OpenAiFixtures.error("upstream broke", "server_error", "server_error")))));
        double okBefore = StreamEndingsTest.streams(gateway, "ok");
        double errorBefore = StreamEndingsTest.streams(gateway, "error");

        HttpResponse<String> response = gateway.post(MessagesApi.PREFIX, STREAM);

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("event: error") && response.body().contains("upstream broke"),
                response.body());
        assertEquals(errorBefore + 1, StreamEndingsTest.streams(gateway, "error"));
        assertEquals(okBefore, StreamEndingsTest.streams(gateway, "ok"));
    }

    private static List<LogRecord> loud(LogCapture logs) {
        return logs.records().stream()
                .filter(r -> r.getLevel().intValue() > Level.INFO.intValue() || r.getThrown() != null).toList();
    }

    private static void readFirstEventAndLeave() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n"
                    + "x-api-key: " + TestGateway.KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.contains("first")) {
                // the status line, headers, chunk sizes and message_start before the first text
            }
            assertTrue(line != null && line.contains("first"));
        }
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

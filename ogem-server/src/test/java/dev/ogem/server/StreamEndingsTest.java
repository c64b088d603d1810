package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
        CountDownLatch clientGone = new CountDownLatch(1);
        List<Event> events = new ArrayList<>();
        events.add(Event.data(OpenAiFixtures.chunk("first")));
        events.add(Event.data(OpenAiFixtures.chunk("after-close")).after(clientGone));
        for (int i = 0; i < 200; i++) {
            events.add(Event.data(OpenAiFixtures.chunk("more-" + i + "x".repeat(20_000))).delayed(Duration.ofMillis(5)));
        }
        events.add(Event.data("[DONE]"));
        upstream.answer(r -> Reply.sse(events));
        double errorsBefore = streams(gateway, "error");
        Logger relay = Logger.getLogger(SseRelay.class.getName());
        Level level = relay.getLevel();
        relay.setLevel(Level.FINE);
        try (LogCapture logs = LogCapture.of("")) {
            readFirstEventAndLeave();
            clientGone.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (streams(gateway, "client_closed") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, streams(gateway, "client_closed"), "a stream the client left is counted as such");
            assertEquals(errorsBefore, streams(gateway, "error"), "and not as an error of the gateway");
            // The server logs what a handler threw after the handler returned: give it the time to.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (loud(logs).isEmpty() && System.nanoTime() < settle) {
                Thread.sleep(20);
            }
            assertTrue(loud(logs).isEmpty(), "logged loudly: " + loud(logs).stream()
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
                    .toList());
            List<LogRecord> lines = logs.records().stream()
                    .filter(r -> r.getLoggerName().equals(SseRelay.class.getName())).toList();
            assertEquals(1, lines.size(), "one line");
            assertEquals(Level.FINE, lines.getFirst().getLevel());
            assertTrue(lines.getFirst().getMessage().startsWith("The client closed the stream after "),
                    lines.getFirst().getMessage());
        } finally {
            relay.setLevel(level);
        }
    }

    @Test
    void aStreamThatEndedInAnUpstreamErrorCountsAsAnError() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("partial")),
                Event.data(OpenAiFixtures.error("upstream broke", "server_error", "server_error")))));
        double okBefore = streams(gateway, "ok");
        double errorBefore = streams(gateway, "error");
        HttpResponse<String> response = gateway.http().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(STREAM)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("upstream broke"), response.body());
        assertEquals(errorBefore + 1, streams(gateway, "error"));
        assertEquals(okBefore, streams(gateway, "ok"));
    }

    private static List<LogRecord> loud(LogCapture logs) {
        return logs.records().stream()
                .filter(r -> r.getLevel().intValue() > Level.INFO.intValue() || r.getThrown() != null).toList();
    }

    private static void readFirstEventAndLeave() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestGateway.KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.contains("first")) {
                // the status line, headers and chunk sizes before the first event
            }
            assertTrue(line != null && line.contains("first"));
        }
    }

    /** The count of stream completions with an outcome, 0 before the first. */
    static double streams(TestGateway gateway, String outcome) {
        String text = gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/metrics")).GET().build()).body();
        try {
            return MetricsTest.value(text, "ogem_completion_duration_seconds_count", "mode", "stream", "outcome", outcome);
        } catch (AssertionError none) {
            return 0;
        }
    }
}

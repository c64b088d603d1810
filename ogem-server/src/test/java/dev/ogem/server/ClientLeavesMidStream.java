package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.LogCapture;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
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
 * What every stream relay owes a client that leaves mid-stream, as one scenario the chat and Messages tests
 * share: the upstream holds its second event until the client is gone, then sends 4 MB more; the stream is
 * counted {@code client_closed} (not {@code error}), nothing is logged above INFO or with a stack trace, and the
 * relay logs exactly one FINE line saying the client closed the stream.
 */
final class ClientLeavesMidStream {

    private ClientLeavesMidStream() {
    }

    /**
     * Runs the scenario.
     *
     * @param gateway    the gateway, its provider at {@code upstream}
     * @param upstream   the fake OpenAI-protocol upstream
     * @param path       the streaming route
     * @param authHeader the client key's header line, such as {@code Authorization: Bearer …}
     * @param body       a streaming request for the route
     * @param relay      the logger of the route's relay
     */
    static void isCountedAndLoggedQuietly(TestGateway gateway, FakeUpstream upstream, String path, String authHeader,
                                          String body, String relay) throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        List<Event> events = new ArrayList<>();
        events.add(Event.data(OpenAiFixtures.chunk("first")));
        events.add(Event.data(OpenAiFixtures.chunk("after-close")).after(clientGone));
        for (int i = 0; i < 200; i++) {
            events.add(Event.data(OpenAiFixtures.chunk("more-" + i + "x".repeat(20_000))).delayed(Duration.ofMillis(5)));
        }
        events.add(Event.data("[DONE]"));
        upstream.answer(r -> Reply.sse(events));
        double closedBefore = gateway.streamCompletions("client_closed");
        double errorsBefore = gateway.streamCompletions("error");
        Logger relayLogger = Logger.getLogger(relay);
        Level level = relayLogger.getLevel();
        relayLogger.setLevel(Level.FINE);
        try (LogCapture logs = LogCapture.of("")) {
            readFirstEventAndLeave(gateway, path, authHeader, body);
            clientGone.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gateway.streamCompletions("client_closed") == closedBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(closedBefore + 1, gateway.streamCompletions("client_closed"),
                    "a stream the client left is counted as such");
            assertEquals(errorsBefore, gateway.streamCompletions("error"), "and not as an error of the gateway");
            // The server logs what a handler threw after the handler returned: give it the time to.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (loud(logs).isEmpty() && System.nanoTime() < settle) {
                Thread.sleep(20);
            }
            assertTrue(loud(logs).isEmpty(), "logged loudly: " + loud(logs).stream()
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
                    .toList());
            List<LogRecord> lines = logs.records().stream().filter(r -> r.getLoggerName().equals(relay)).toList();
            assertEquals(1, lines.size(), "one line");
            assertEquals(Level.FINE, lines.getFirst().getLevel());
            assertTrue(lines.getFirst().getMessage().startsWith("The client closed the stream after "),
                    lines.getFirst().getMessage());
        } finally {
            relayLogger.setLevel(level);
        }
    }

    private static List<LogRecord> loud(LogCapture logs) {
        return logs.records().stream()
                .filter(r -> r.getLevel().intValue() > Level.INFO.intValue() || r.getThrown() != null).toList();
    }

    /** Sends the request on a socket of its own, reads up to the first event's text and closes the socket. */
    private static void readFirstEventAndLeave(TestGateway gateway, String path, String authHeader, String json)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + authHeader
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.contains("first")) {
                // the status line, headers, chunk sizes and any event before the first text
            }
            assertTrue(line != null && line.contains("first"));
        }
    }
}

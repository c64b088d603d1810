package dev.ogem.server;

import dev.ogem.server.lifecycle.InFlight;
import dev.ogem.server.lifecycle.Readiness;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client's connection sees of a drain, on the wire. ogem speaks HTTP/1.1 only: it does not ship Helidon's
 * HTTP/2 module, so an {@code Upgrade: h2c} is answered on HTTP/1.1 (no {@code 101}) and a connection can never be
 * an HTTP/2 one that would need a {@code GOAWAY}; while draining, each answer carries {@code Connection: close} and
 * the server closes the connection after it (Helidon 4.5 alone would keep it open for the client to close), and once
 * new requests are refused they get 503 the same way.
 */
class DrainConnectionsTest {

    private static final String UPGRADE = "GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings"
            + "\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";
    private static final String PLAIN = "GET /v1/ping HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private final Readiness readiness = new Readiness();
    private final InFlight inFlight = new InFlight(readiness);
    private WebServer server;

    @BeforeEach
    void start() {
        server = Gateway.start(0, Duration.ZERO, Duration.ofMinutes(1), List.of(readiness), routing -> routing
                .addFilter(inFlight)
                .get("/v1/ping", (request, response) -> response.send("pong")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anH2cUpgradeIsAnsweredOnHttp11AndDrainingClosesTheConnectionAfterItsAnswer() throws Exception {
        try (Socket socket = connect()) {
            String first = exchange(socket, UPGRADE);
            assertTrue(first.startsWith("HTTP/1.1 200"), "no switch to HTTP/2: " + first);
            assertFalse(first.toLowerCase().contains("connection: close"), first);

            readiness.drain();
            String draining = exchange(socket, PLAIN);
            assertTrue(draining.startsWith("HTTP/1.1 200"), draining);
            assertTrue(draining.toLowerCase().contains("connection: close"), draining);
            assertEquals(-1, readToEnd(socket), "the server closed the connection after the answer");
        }
        inFlight.refuseNew();
        try (Socket socket = connect()) {
            String refused = exchange(socket, UPGRADE);
            assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
            assertTrue(refused.toLowerCase().contains("connection: close"), refused);
            assertTrue(refused.contains("shutting_down"), refused);
            assertEquals(-1, readToEnd(socket));
        }
    }

    @Test
    void theHttp2PrefaceIsNotSpoken() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(9);
            String text = new String(answer, StandardCharsets.US_ASCII);
            assertTrue(answer.length == 0 || text.startsWith("HTTP/1.1 "),
                    "an HTTP/1.1 error or a closed connection, never an HTTP/2 SETTINGS frame: " + text);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends a request and reads its answer, whose body ends with the word it carries. */
    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("pong") && !answer.toString().endsWith("}}")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            answer.append((char) next);
        }
        return answer.toString();
    }

    /** Reads what follows; -1 once the server closed the connection (the socket's timeout bounds the wait). */
    private static int readToEnd(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            int next = in.read();
            while (next >= 0) {
                next = in.read();
            }
            return next;
        } catch (SocketTimeoutException stillOpen) {
            return 0;
        }
    }
}

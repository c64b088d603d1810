package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that would hold the gateway: bodies trickled byte by byte, connections that send nothing, more
 * large bodies at once than the body budget holds. Each is cut or refused within its limit, and a
 * well-behaved client is answered all the while.
 */
class OverloadTest {

    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final String SMALL = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static FakeUpstream upstream;
    private static TestGateway gateway;
    private static volatile CountDownLatch largeHeld = new CountDownLatch(0);

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
                "MAX_REQUEST_BYTES_IN_FLIGHT", Integer.toString(2 * MAX_BODY), "CLIENT_READ_TIMEOUT", "2s"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void answer() {
        upstream.answer(r -> {
            if (r.body().length() > 1024 * 1024) {
                await(largeHeld);
            }
            return Reply.json(200, OpenAiFixtures.completion("m", "ok"));
        });
    }

    @Test
    void moreLargeBodiesThanTheBudgetAreRefusedWith429WhileSmallOnesAreServed() throws Exception {
        largeHeld = new CountDownLatch(1);
        String large = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(MAX_BODY - 100)
                + "\"}]}";
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            posts.add(gateway.http().sendAsync(post(large), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> refused = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            try {
                HttpResponse<String> response = post.get(10, TimeUnit.SECONDS);
                refused.add(response.statusCode());
                assertEquals(429, response.statusCode(), response.body());
                assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(response.body().contains("MAX_REQUEST_BYTES_IN_FLIGHT"), response.body());
            } catch (TimeoutException held) {
                refused.add(0);
            }
        }
        assertEquals(3, refused.stream().filter(s -> s == 429).count(), "all but the one being served: " + refused);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, gateway.post("/v1/chat/completions", SMALL).statusCode(), "small requests go on");
        }
        largeHeld.countDown();
        int served = 0;
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            served += post.get(20, TimeUnit.SECONDS).statusCode() == 200 ? 1 : 0;
        }
        assertEquals(1, served);
        gateway.awaitIdle();
        assertEquals(200, gateway.send(post(large)).statusCode(), "the budget was given back");
    }

    @Test
    void aClientTricklingItsBodyIsCutWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            slow.setSoTimeout(20_000);
            OutputStream out = slow.getOutputStream();
            out.write(head(100_000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String answer = "";
            for (int i = 0; i < 200 && answer.isEmpty(); i++) {
                assertEquals(200, gateway.post("/v1/chat/completions", SMALL).statusCode());
                try {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                    answer = available(slow.getInputStream());
                } catch (IOException cut) {
                    answer = "closed";
                }
            }
            assertTrue(answer.startsWith("HTTP/1.1 408") || answer.equals("closed"), answer);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "cut within its limit");
        }
    }

    @Test
    void silentClientsAreCutAndIdleConnectionsDoNotStopOthers() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort());
                socket.setSoTimeout(20_000);
                if (i % 2 == 0) {
                    socket.getOutputStream().write((head(1000) + "{\"model\"").getBytes(StandardCharsets.US_ASCII));
                }
                idle.add(socket);
            }
            assertEquals(200, gateway.post("/v1/chat/completions", SMALL).statusCode());
            for (int i = 0; i < idle.size(); i += 2) {
                String answer = readToEnd(idle.get(i).getInputStream());
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), "half a body, then nothing: " + answer);
            }
            assertEquals(200, gateway.post("/v1/chat/completions", SMALL).statusCode());
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    private static String head(int contentLength) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestGateway.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static String available(InputStream in) throws IOException {
        return in.available() > 0 ? new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1) : "";
    }

    /** Everything the server sends until it closes the connection (the socket's 20 s timeout bounds the wait). */
    private static String readToEnd(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "still open after 20 s";
        }
    }

    private static HttpRequest post(String body) {
        return HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
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

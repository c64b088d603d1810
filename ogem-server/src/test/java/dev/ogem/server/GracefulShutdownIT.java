package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.ogem.server.ReloadFixture.ask;
import static dev.ogem.server.ReloadFixture.config;
import static dev.ogem.server.ReloadFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged server, started as a process, drains on SIGTERM: readiness turns DOWN while liveness stays UP, new
 * connections are refused, a stream started before the signal runs to its end, and the process exits with 0.
 */
class GracefulShutdownIT {

    @Test
    void sigtermLetsAStreamInFlightFinishAndExitsZero() throws Exception {
        Path configFile = Files.createTempFile("ogem-drain", ".yaml");
        Path log = Files.createTempFile("ogem-drain", ".log");
        CountDownLatch release = new CountDownLatch(1);
        int port = freePort();
        try (FakeUpstream upstream = FakeUpstream.start()) {
            ReloadFixture.slowStreams(upstream, release);
            Files.writeString(configFile, config(upstream, "m"));
            Process process = start(configFile, port, log);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                URI base = URI.create("http://127.0.0.1:" + port);
                assertTrue(eventually(() -> status(http, base.resolve("/observe/health/ready")) == 200),
                        "never ready: " + Files.readString(log));
                HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(ask("m", true))).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, stream.statusCode());

                process.destroy(); // SIGTERM
                assertTrue(eventually(() -> status(http, base.resolve("/observe/health/ready")) == 503),
                        "readiness did not turn DOWN: " + Files.readString(log));
                assertEquals(200, status(http, base.resolve("/observe/health/live")), "alive while draining");
                assertTrue(eventually(() -> refused(port)), "new connections are still accepted");
                assertTrue(process.isAlive(), "the process waits for the stream");

                release.countDown();
                String events = ReloadFixture.readAll(stream);
                assertTrue(events.contains("last") && events.strip().endsWith("data: [DONE]"),
                        "the stream was cut: " + events);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not stop");
                String output = Files.readString(log);
                assertEquals(0, process.exitValue(), output);
                assertTrue(output.contains("Shutting down: readiness is DOWN;"), output);
                assertTrue(output.contains("ogem stopped after"), output);
            } finally {
                release.countDown();
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(configFile);
            Files.deleteIfExists(log);
        }
    }

    private static Process start(Path config, int port, Path log) throws IOException {
        String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CONFIG_SOURCE", config.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("OPEN_GEMINI_API_KEY");
        return builder.start();
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.ogem.server.ReloadFixture.ask;
import static dev.ogem.server.ReloadFixture.config;
import static dev.ogem.server.ReloadFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged server, started as a process, drains on SIGTERM: readiness turns DOWN while liveness stays UP, new
 * requests are refused after the delay, a stream started before the signal runs to its end, and the process exits 0.
 */
class GracefulShutdownIT {

    @Test
    void sigtermLetsAStreamInFlightFinishAndExitsZero() throws Exception {
        Path configFile = Files.createTempFile("ogem-drain", ".yaml");
        Path log = Files.createTempFile("ogem-drain", ".log");
        CountDownLatch release = new CountDownLatch(1);
        try (FakeUpstream upstream = FakeUpstream.start()) {
            ReloadFixture.slowStreams(upstream, release);
            Files.writeString(configFile, config(upstream, "m"));
            GatewayProcess gateway = GatewayProcess.start(Map.of("CONFIG_SOURCE", configFile.toString(),
                    "SHUTDOWN_GRACE", "90s", "SHUTDOWN_DELAY", "15s"), log);
            Process process = gateway.process();
            try {
                assertTrue(eventually(Duration.ofSeconds(90), () -> gateway.status("/observe/health/ready", null) == 200),
                        "never ready: " + Files.readString(log));
                HttpResponse<InputStream> stream = gateway.http().send(HttpRequest.newBuilder(
                                gateway.uri("/v1/chat/completions")).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(ask("m", true)))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, stream.statusCode());

                process.destroy(); // SIGTERM
                assertTrue(eventually(() -> gateway.status("/observe/health/ready", null) == 503),
                        "readiness did not turn DOWN: " + Files.readString(log));
                assertEquals(200, gateway.status("/observe/health/live", null), "alive while draining");
                assertTrue(eventually(Duration.ofSeconds(60), () -> gateway.status("/v1/models", null) == 503),
                        "new requests are still served after the delay");
                assertTrue(process.isAlive(), "the process waits for the stream");

                release.countDown();
                String events;
                try {
                    events = ReloadFixture.readAll(stream);
                } catch (UncheckedIOException e) {
                    throw new AssertionError("the stream was cut; log:\n" + Files.readString(log), e);
                }
                assertTrue(events.contains("last") && events.strip().endsWith("data: [DONE]"),
                        "the stream was cut: " + events);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not stop");
                String output = Files.readString(log);
                assertEquals(0, process.exitValue(), output);
                assertTrue(output.contains("Shutting down: readiness is DOWN;"), output);
                assertTrue(output.contains("ogem drained after"), output);
            } finally {
                release.countDown();
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(configFile);
            Files.deleteIfExists(log);
        }
    }
}

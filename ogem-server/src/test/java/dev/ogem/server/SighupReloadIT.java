package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.ogem.server.ReloadFixture.config;
import static dev.ogem.server.ReloadFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGHUP reads the config and the secret files again at once: a gateway key rotated in the file named by
 * {@code OPEN_GEMINI_API_KEY_FILE} (a file the config watcher does not look at) counts from the signal on.
 */
class SighupReloadIT {

    @Test
    void sighupTakesUpARotatedKeyFile() throws Exception {
        Path configFile = Files.createTempFile("ogem-hup", ".yaml");
        Path keyDir = Files.createTempDirectory("ogem-hup-keys");
        Path keyFile = Files.writeString(keyDir.resolve("gateway-key"), "old-key\n");
        Path log = Files.createTempFile("ogem-hup", ".log");
        try (FakeUpstream upstream = FakeUpstream.start()) {
            ReloadFixture.slowStreams(upstream, new CountDownLatch(0));
            Files.writeString(configFile, config(upstream, "m"));
            GatewayProcess gateway = GatewayProcess.start(Map.of("CONFIG_SOURCE", configFile.toString(),
                    "OPEN_GEMINI_API_KEY_FILE", keyFile.toString()), log);
            Process process = gateway.process();
            try {
                assertTrue(eventually(Duration.ofSeconds(90), () -> gateway.status("/v1/models", "old-key") == 200),
                        "never served: " + Files.readString(log));
                Files.writeString(keyFile, "new-key\n");
                assertEquals(200, gateway.status("/v1/models", "old-key"), "nothing is re-read without a signal");

                gateway.signal("HUP");
                assertTrue(eventually(() -> gateway.status("/v1/models", "new-key") == 200),
                        "the rotated key was not taken up: " + Files.readString(log));
                assertEquals(401, gateway.status("/v1/models", "old-key"));
                assertTrue(Files.readString(log).contains("Config reloaded (SIGHUP)"), Files.readString(log));
                assertTrue(!Files.readString(log).contains("new-key"), "a key never reaches the log");

                process.destroy();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not stop");
                assertEquals(0, process.exitValue(), Files.readString(log));
            } finally {
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(configFile);
            Files.deleteIfExists(keyFile);
            Files.deleteIfExists(keyDir);
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aSighupIgnoredFromTheStartIsReported() throws Exception {
        Path log = Files.createTempFile("ogem-nohup", ".log");
        try (FakeUpstream upstream = FakeUpstream.start()) {
            Path configFile = Files.createTempFile("ogem-nohup", ".yaml");
            Files.writeString(configFile, config(upstream, "m"));
            GatewayProcess gateway = GatewayProcess.startUnder(List.of("nohup"),
                    Map.of("CONFIG_SOURCE", configFile.toString(), "OPEN_GEMINI_API_KEY", "key"), log);
            try {
                assertTrue(eventually(Duration.ofSeconds(90), () -> gateway.status("/v1/models", "key") == 200),
                        "never served: " + Files.readString(log));
                assertTrue(Files.readString(log).contains("SIGHUP was ignored when ogem started (as under nohup)"
                        + " and stays ignored: it will not reload the config"), Files.readString(log));
                assertTrue(!Files.readString(log).contains("SIGTERM was ignored"), Files.readString(log));
            } finally {
                gateway.process().destroyForcibly();
                Files.deleteIfExists(configFile);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

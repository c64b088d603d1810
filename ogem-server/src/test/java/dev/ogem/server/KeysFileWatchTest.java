package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.server.reload.Generations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.ogem.server.ReloadFixture.eventually;
import static dev.ogem.server.ReloadFixture.json;
import static dev.ogem.server.TeamKeysTest.ADS_KEY;
import static dev.ogem.server.TeamKeysTest.SEARCH_KEY;
import static dev.ogem.server.TeamKeysTest.hash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file {@code keys_file} names is watched itself: a key added to or removed from it, with the config file left
 * as it is, is accepted or refused within a bounded wait, also when the file is swapped the way a Kubernetes
 * ConfigMap swaps it; a broken keys file is refused like a broken config (the old keys keep working, one warning,
 * {@code config.last_refused} in {@code /v1/status}).
 */
class KeysFileWatchTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger reloadLog = Logger.getLogger(Generations.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private TestGateway gateway;

    @AfterEach
    void stop() {
        reloadLog.removeHandler(capture);
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Saves a file as editors and ConfigMaps do: written beside it, then renamed over it. */
    private static void save(Path file, String text) throws IOException {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void start(Path keysFile, String keys) throws IOException {
        Files.writeString(keysFile, keys);
        reloadLog.addHandler(capture);
        gateway = TestGateway.start("""
                ping_interval: "0"
                keys_file: %s
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions: { local: { models: [ m ] } }
                """.formatted(keysFile.toAbsolutePath()));
    }

    private static String keys(String... names) {
        StringBuilder yaml = new StringBuilder("keys:\n");
        for (String name : names) {
            yaml.append("  ").append(name).append(": { sha256: ")
                    .append(hash(name.equals("search") ? SEARCH_KEY : ADS_KEY)).append(" }\n");
        }
        return yaml.toString();
    }

    private int status(String key) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models")).header("Authorization", "Bearer " + key)
                .GET().build()).statusCode();
    }

    @Test
    void aKeyAddedToOrRemovedFromTheKeysFileAloneTakesEffect(@TempDir Path dir) throws Exception {
        Path keysFile = dir.resolve("keys.yaml");
        start(keysFile, keys("search"));
        String config = Files.readString(gateway.configFile());
        assertEquals(200, status(SEARCH_KEY));
        assertEquals(401, status(ADS_KEY));

        save(keysFile, keys("search", "ads"));
        assertTrue(eventually(() -> status(ADS_KEY) == 200), "the added key was never accepted");
        assertEquals(200, status(SEARCH_KEY));

        save(keysFile, keys("ads"));
        assertTrue(eventually(() -> status(SEARCH_KEY) == 401), "the removed key was never refused");
        assertEquals(200, status(ADS_KEY));
        assertEquals(config, Files.readString(gateway.configFile()), "the config file was not touched");
        assertEquals(3, gateway.generations().current().number(), "one reload per edit of the keys file");
    }

    @Test
    void aBrokenKeysFileIsRefusedOnceAndTheOldKeysKeepWorking(@TempDir Path dir) throws Exception {
        Path keysFile = dir.resolve("keys.yaml");
        start(keysFile, keys("search"));
        String broken = "keys:\n  ads: { sha256: not-a-hash }\n";
        save(keysFile, broken);
        assertTrue(eventually(() -> gateway.generations().status().refused() == 1), "the broken file was not seen");
        save(keysFile, broken);
        assertEquals(200, status(SEARCH_KEY), "the keys in force still work");
        assertEquals(401, status(ADS_KEY));
        JsonNode refusal = json(gateway.get("/v1/status").body()).path("config").path("last_refused");
        assertTrue(refusal.path("reason").asText().contains("keys.ads.sha256"), refusal.toString());
        assertTrue(refusal.path("current").asBoolean(), refusal.toString());

        save(keysFile, keys("search", "ads"));
        assertTrue(eventually(() -> status(ADS_KEY) == 200), "the fixed file was never applied");
        assertEquals(1, warnings.stream().filter(w -> w.contains("keys.ads.sha256")).count(),
                "one line for the broken file, however often it is saved: " + warnings);
        assertTrue(warnings.getFirst().contains(keysFile.toAbsolutePath().toString()), warnings.toString());
        assertFalse(json(gateway.get("/v1/status").body()).path("config").path("last_refused").path("current")
                .asBoolean());
    }

    @Test
    void aKeysFileSwappedLikeAConfigMapIsSeen(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectory(dir.resolve("..2026_01"));
        Files.writeString(first.resolve("keys.yaml"), keys("search"));
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Path keysFile = Files.createSymbolicLink(dir.resolve("keys.yaml"), Path.of("..data", "keys.yaml"));
        start(keysFile, keys("search"));
        assertEquals(401, status(ADS_KEY));

        Path second = Files.createDirectory(dir.resolve("..2026_02"));
        Files.writeString(second.resolve("keys.yaml"), keys("ads"));
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(eventually(() -> status(ADS_KEY) == 200), "the swapped keys were never applied");
        assertEquals(401, status(SEARCH_KEY));
    }
}

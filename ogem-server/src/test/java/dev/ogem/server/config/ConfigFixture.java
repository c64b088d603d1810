package dev.ogem.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes a YAML document to a directory and loads it through {@code CONFIG_SOURCE}, as Main would. */
final class ConfigFixture {

    private final Path dir;

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    GatewayConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.load(withSource(yaml, env), dir);
    }

    /** Loads, expects a failure, and checks that the message starts with the path and contains the reason. */
    ConfigException fails(String yaml, Map<String, String> env, String path, String reasonFragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml, env));
        assertTrue(e.getMessage().startsWith(path + ": "), () -> "expected path " + path + " in: " + e.getMessage());
        assertTrue(e.getMessage().contains(reasonFragment),
                () -> "expected \"" + reasonFragment + "\" in: " + e.getMessage());
        return e;
    }

    private Map<String, String> withSource(String yaml, Map<String, String> env) {
        Path file = dir.resolve("test-config.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("CONFIG_SOURCE", file.toString());
        return all;
    }
}

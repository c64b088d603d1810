package dev.ogem.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the config again: unchanged documents are skipped, broken ones refused, secret files read again. */
class ConfigReloadTest {

    private static final String YAML = """
            providers:
              openai:
                regions: { openai: { models: [ gpt-4o ] } }
            """;

    @TempDir
    Path dir;

    private Map<String, String> env(Path keyFile) throws Exception {
        Files.writeString(dir.resolve("ogem.yaml"), YAML);
        return Map.of("CONFIG_SOURCE", "ogem.yaml", "OPENAI_API_KEY_FILE", keyFile.toString(),
                "OPEN_GEMINI_API_KEY_FILE", keyFile.toString());
    }

    @Test
    void anUnchangedDocumentIsSkippedAndAChangedOneRead() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "sk-first\n");
        Map<String, String> env = env(key);
        LoadedConfig first = ConfigLoader.loadVersioned(env, dir);
        assertEquals(Optional.empty(), ConfigLoader.reload(env, dir, first.version()));

        Files.writeString(dir.resolve("ogem.yaml"), YAML.replace("gpt-4o", "gpt-4.1"));
        LoadedConfig second = ConfigLoader.reload(env, dir, first.version()).orElseThrow();
        assertNotEquals(first.version().digest(), second.version().digest());
        assertTrue(second.config().catalog().endpoints().findFirst().orElseThrow().region().models().getFirst()
                .answersTo("gpt-4.1"));
    }

    @Test
    void aSecretFileIsReadAgainByAForcedReload() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "sk-first\n");
        Map<String, String> env = env(key);
        LoadedConfig first = ConfigLoader.loadVersioned(env, dir);
        assertEquals(Optional.of("sk-first"), first.config().gatewayKey(), "trimmed");
        assertEquals("sk-first", first.config().providers().apiKey("openai").orElseThrow());

        Files.writeString(key, "sk-rotated");
        LoadedConfig forced = ConfigLoader.reload(env, dir, ConfigVersion.NONE).orElseThrow();
        assertEquals(Optional.of("sk-rotated"), forced.config().gatewayKey());
        assertEquals("sk-rotated", forced.config().providers().apiKey("openai").orElseThrow());
        assertFalse(forced.config().toString().contains("sk-rotated"));
    }

    @Test
    void theVariableWinsOverItsFileAndAMissingFileIsNamed() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "from-file");
        Map<String, String> env = new HashMap<>(env(key));
        env.put("OPENAI_API_KEY", "from-variable");
        assertEquals("from-variable", ConfigLoader.load(env, dir).providers().apiKey("openai").orElseThrow());

        env.remove("OPENAI_API_KEY");
        env.put("OPENAI_API_KEY_FILE", dir.resolve("nowhere").toString());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(env, dir));
        assertTrue(e.getMessage().startsWith("OPENAI_API_KEY_FILE: no such file: "), e.getMessage());
    }

    @Test
    void aBrokenDocumentIsRefusedWithItsVersionSoItIsReportedOnce() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "k");
        Map<String, String> env = env(key);
        LoadedConfig first = ConfigLoader.loadVersioned(env, dir);
        Files.writeString(dir.resolve("ogem.yaml"), YAML.replace("[ gpt-4o ]", "[ { name: gpt-4o, rpm: -1 } ]"));
        ConfigReloadException refused = assertThrows(ConfigReloadException.class,
                () -> ConfigLoader.reload(env, dir, first.version()));
        assertTrue(refused.getMessage().startsWith("providers.openai.regions.openai.models[0].rpm: "),
                refused.getMessage());
        assertEquals(Optional.empty(), ConfigLoader.reload(env, dir, refused.version()),
                "the same broken document met again is skipped");
    }

    @Test
    void processSettingsHaveDefaultsAndADelayOfASixthOfTheGraceAtMostFiveSeconds() {
        ProcessSettings defaults = ConfigLoader.processSettings(Map.of());
        assertEquals(new ProcessSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5)),
                defaults);
        ProcessSettings set = ConfigLoader.processSettings(Map.of("CONFIG_POLL_INTERVAL", "250ms",
                "SHUTDOWN_GRACE", "6s"));
        assertEquals(new ProcessSettings(Duration.ofMillis(250), Duration.ofSeconds(6), Duration.ofSeconds(1)), set);
        assertEquals(Duration.ofSeconds(20), ConfigLoader.processSettings(Map.of("SHUTDOWN_GRACE", "1m",
                "SHUTDOWN_DELAY", "20s")).shutdownDelay());
        ConfigException tooLong = assertThrows(ConfigException.class,
                () -> ConfigLoader.processSettings(Map.of("SHUTDOWN_DELAY", "30s")));
        assertTrue(tooLong.getMessage().startsWith("SHUTDOWN_DELAY: must be shorter than SHUTDOWN_GRACE"),
                tooLong.getMessage());
        ConfigException bad = assertThrows(ConfigException.class,
                () -> ConfigLoader.processSettings(Map.of("SHUTDOWN_GRACE", "soon")));
        assertTrue(bad.getMessage().startsWith("SHUTDOWN_GRACE: not a duration: \"soon\""), bad.getMessage());
    }

    @Test
    void aFileOrAUrlOrTheSampleIsLocated() {
        assertEquals(new ConfigLocation.File(dir.resolve("x.yaml").toAbsolutePath()),
                ConfigLoader.locate(Map.of("CONFIG_SOURCE", "x.yaml"), dir));
        assertEquals(new ConfigLocation.Url("https://config.example/ogem.yaml"),
                ConfigLoader.locate(Map.of("CONFIG_SOURCE", "https://user:pw@config.example/ogem.yaml?token=t"), dir));
        assertEquals(new ConfigLocation.Bundled(), ConfigLoader.locate(Map.of(), dir));
    }
}

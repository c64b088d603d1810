package dev.ogem.server.config;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CONFIG_TOKEN} never travels in clear text: over plain {@code http://} it goes only to a loopback
 * host; to any other host startup stops with an error naming the variable, before any connection is made.
 */
class ConfigTokenTransportTest {

    private static final String TOKEN = "config-token-456";

    @TempDir
    Path dir;

    @Test
    void aTokenOverPlainHttpToAnotherHostStopsStartup() {
        for (String source : new String[] {"http://config.example.invalid/ogem.yaml",
            "HTTP://10.0.0.7:8080/ogem.yaml", "http://127.0.0.1.example.invalid/ogem.yaml", "http://[fe80::1]/x"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                    Map.of("CONFIG_SOURCE", source, "CONFIG_TOKEN", TOKEN, "OPENAI_API_KEY", "k"), dir), source);
            assertTrue(e.getMessage().startsWith("CONFIG_TOKEN: would travel in clear text"), e.getMessage());
            assertTrue(e.getMessage().contains("https://"), e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        }
    }

    @Test
    void withoutATokenPlainHttpIsStillFetched() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                Map.of("CONFIG_SOURCE", "http://config.example.invalid/ogem.yaml", "OPENAI_API_KEY", "k"), dir));
        assertTrue(e.getMessage().startsWith("CONFIG_SOURCE: fetching"), e.getMessage());
    }

    @Test
    void aTokenOverPlainHttpToLoopbackIsSent() {
        try (FakeUpstream server = FakeUpstream.start()) {
            server.answer(r -> Reply.json(200, """
                    ping_interval: 0
                    providers: { openai: { regions: { openai: { models: [gpt-4o] } } } }
                    """));
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                String url = "http://" + host + ":" + server.root().getPort() + "/config.yaml";
                ConfigLoader.load(Map.of("CONFIG_SOURCE", url, "CONFIG_TOKEN", TOKEN, "OPENAI_API_KEY", "k"), dir);
                assertEquals("Bearer " + TOKEN, server.last().header("Authorization"), host);
            }
        }
    }

    @Test
    void loopbackIsToldFromTheHostTextAlone() {
        for (String host : new String[] {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]",
            "[0:0:0:0:0:0:0:1]"}) {
            assertTrue(Loopback.is(host), host);
        }
        for (String host : new String[] {"10.0.0.1", "example.com", "127.0.0.1.nip.io", "localhost.example.com",
            "[fe80::1]", "0.0.0.0", "[::]", "256.0.0.1", "1270.0.0.1"}) {
            assertFalse(Loopback.is(host), host);
        }
    }
}

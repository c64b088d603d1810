package dev.ogem.server;

import dev.ogem.server.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupTest {

    private static final String CONFIG = """
            providers:
              local:
                base_url: http://127.0.0.1:9/v1
                protocol: openai
                regions:
                  local:
                    models:
                      - name: m
            """;

    @Test
    void aPortInUseStopsTheStartWithAClearReason() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TestGateway.start(CONFIG, Map.of("PORT", Integer.toString(taken.getLocalPort()))));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void aBadSettingStopsTheStartNamingTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestGateway.start(CONFIG, Map.of("MAX_REQUEST_BYTES", "abc")));
        assertEquals("MAX_REQUEST_BYTES: not a whole number: \"abc\"", e.getMessage());

        e = assertThrows(ConfigException.class, () -> TestGateway.start(CONFIG, Map.of("BATCH_POLL_INTERVAL", "soon")));
        assertTrue(e.getMessage().startsWith("BATCH_POLL_INTERVAL: not a duration: \"soon\""), e.getMessage());
    }
}

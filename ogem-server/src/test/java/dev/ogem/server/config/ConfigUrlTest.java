package dev.ogem.server.config;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule i: the config fetched from an http(s) URL, with the bearer token, and its failures. */
class ConfigUrlTest {

    private static final String TOKEN = "config-token-123";
    private static final String YAML = """
            ping_interval: 0
            providers:
              openai:
                regions:
                  openai:
                    models: [gpt-4o]
            """;

    @TempDir
    Path dir;
    private FakeUpstream server;

    @BeforeEach
    void start() {
        server = FakeUpstream.start().answer(request -> switch (request.path()) {
            case "/config.yaml" -> Reply.json(200, YAML);
            case "/moved.yaml" -> Reply.json(302, "").withHeader("Location", "/config.yaml");
            default -> Reply.json(404, "not here");
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The Authorization header of each config fetch (the redirecting URL left out), {@code "null"} for none. */
    private List<String> authorizations() {
        return server.received().stream().filter(r -> !r.path().equals("/moved.yaml"))
                .map(r -> String.valueOf(r.header("Authorization"))).toList();
    }

    private String url(String path) {
        return server.url(path);
    }

    private GatewayConfig load(String source, boolean withToken) {
        Map<String, String> env = withToken
                ? Map.of("CONFIG_SOURCE", source, "CONFIG_TOKEN", TOKEN, "OPENAI_API_KEY", "k")
                : Map.of("CONFIG_SOURCE", source, "OPENAI_API_KEY", "k");
        return ConfigLoader.load(env, dir);
    }

    @Test
    void readsTheConfigFromAUrlSendingTheToken() {
        GatewayConfig config = load(url("/config.yaml"), true);

        assertEquals(List.of("Bearer " + TOKEN), authorizations());
        assertEquals("gpt-4o", config.catalog().providers().getFirst().regions().getFirst().models().getFirst().name());
        assertEquals("url " + url("/config.yaml"), config.source());
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() {
        load(url("/config.yaml"), false);
        assertEquals(List.of("null"), authorizations());
    }

    @Test
    void aNon200AnswerIsAnErrorNamingTheUrlAndStatus() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(url("/missing.yaml?sig=abc"), true));

        assertEquals(List.of("Bearer " + TOKEN), authorizations());
        assertTrue(e.getMessage().contains(url("/missing.yaml")) && e.getMessage().contains("HTTP 404"),
                e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN) || e.getMessage().contains("sig=abc"), e.getMessage());
    }

    @Test
    void redirectsAreNotFollowedSoTheTokenStaysWithTheNamedHost() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(url("/moved.yaml"), true));
        assertTrue(e.getMessage().contains("HTTP 302"), e.getMessage());
    }

    @Test
    void aRefusedConnectionIsAnErrorNamingTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/config.yaml";

        ConfigException e = assertThrows(ConfigException.class, () -> load(url, true));

        assertTrue(e.getMessage().startsWith("CONFIG_SOURCE: fetching " + url + " failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }
}

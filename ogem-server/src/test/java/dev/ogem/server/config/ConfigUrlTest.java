package dev.ogem.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/config.yaml", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            reply(exchange, 200, YAML);
        });
        server.createContext("/missing.yaml", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            reply(exchange, 404, "not here");
        });
        server.createContext("/moved.yaml", exchange -> {
            exchange.getResponseHeaders().add("Location", "/config.yaml");
            reply(exchange, 302, "");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
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

        assertEquals(List.of("Bearer " + TOKEN), authorizations);
        assertEquals("gpt-4o", config.catalog().providers().getFirst().regions().getFirst().models().getFirst().name());
        assertEquals("url " + url("/config.yaml"), config.source());
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() {
        load(url("/config.yaml"), false);
        assertEquals(List.of("null"), authorizations);
    }

    @Test
    void aNon200AnswerIsAnErrorNamingTheUrlAndStatus() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(url("/missing.yaml?sig=abc"), true));

        assertEquals(List.of("Bearer " + TOKEN), authorizations);
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

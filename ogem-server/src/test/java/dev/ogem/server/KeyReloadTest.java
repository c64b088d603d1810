package dev.ogem.server;

import dev.ogem.server.config.ConfigException;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication reads the keys of the current config at each request: when a new config (here loaded by
 * {@link ConfigLoader} from an edited keys file, as a reload would) replaces the old one, a key it removed is
 * refused at once and a key it added works, over real HTTP.
 */
class KeyReloadTest {

    private WebServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static GatewayConfig load(Path dir, String keysYaml) throws IOException {
        Files.writeString(dir.resolve("keys.yaml"), keysYaml);
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                keys_file: keys.yaml
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions: { local: { models: [ m ] } }
                """);
        return ConfigLoader.load(Map.of("CONFIG_SOURCE", config.toString()), dir);
    }

    private int status(String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/whoami"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void aKeyRemovedFromTheConfigIsRefusedFromTheNextRequestOn(@TempDir Path dir) throws Exception {
        String both = """
                keys:
                  search: { sha256: %s }
                  ads: { sha256: %s }
                """.formatted(TeamKeysTest.hash(TeamKeysTest.SEARCH_KEY), TeamKeysTest.hash(TeamKeysTest.ADS_KEY));
        AtomicReference<GatewayConfig> current = new AtomicReference<>(load(dir, both));
        server = Gateway.start(0, Duration.ZERO, Duration.ofMinutes(1), List.of(), routing -> routing
                .addFilter(new BearerAuth(current::get, anyPath -> ErrorBodies::send))
                .get("/v1/whoami", (request, response) ->
                        response.send(request.context().get(Caller.class).orElseThrow().name())));
        assertEquals(200, status(TeamKeysTest.SEARCH_KEY));
        assertEquals(200, status(TeamKeysTest.ADS_KEY));

        current.set(load(dir, """
                keys:
                  ads: { sha256: %s }
                  search-v2: { sha256: %s }
                """.formatted(TeamKeysTest.hash(TeamKeysTest.ADS_KEY), TeamKeysTest.hash("sk-search-rotated"))));
        assertEquals(401, status(TeamKeysTest.SEARCH_KEY), "removed");
        assertEquals(200, status(TeamKeysTest.ADS_KEY), "kept");
        assertEquals(200, status("sk-search-rotated"), "added");
    }

    @Test
    void aBadKeysSectionIsAConfigErrorThatNamesThePathButNotTheValue(@TempDir Path dir) {
        String key = "sk-live-this-is-the-key-itself-0123456789";
        ConfigException plain = assertThrows(ConfigException.class,
                () -> load(dir, "keys:\n  search: { sha256: " + key + " }\n"));
        assertTrue(plain.getMessage().startsWith("keys.search.sha256: "), plain.getMessage());
        assertTrue(!plain.getMessage().contains(key), plain.getMessage());

        String hash = TeamKeysTest.hash("k");
        ConfigException twice = assertThrows(ConfigException.class, () -> load(dir, """
                keys:
                  a: { sha256: %s }
                  b: { sha256: %s }
                """.formatted(hash, hash.toUpperCase())));
        assertTrue(twice.getMessage().contains("same hash"), twice.getMessage());

        ConfigException reserved = assertThrows(ConfigException.class,
                () -> load(dir, "keys:\n  default: { sha256: " + hash + " }\n"));
        assertTrue(reserved.getMessage().contains("OPEN_GEMINI_API_KEY"), reserved.getMessage());

        ConfigException unknown = assertThrows(ConfigException.class,
                () -> load(dir, "keys:\n  a: { sha256: " + hash + ", rpn: 5 }\n"));
        assertTrue(unknown.getMessage().startsWith("keys.a.rpn: unknown key"), unknown.getMessage());
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BearerAuth} in front of a route, without sockets: Helidon's routing test runs the filter and
 * the route in process and hands in a {@link DirectClient}.
 */
@RoutingTest
class BearerAuthTest {

    private static final String KEY = "the-gateway-key";
    /** A config with no key at all. */
    private static final GatewayConfig OPEN = openConfig();

    private final DirectClient client;

    BearerAuthTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routing.addFilter(new BearerAuth(() -> OPEN.withGatewayKey(KEY), anyPath -> ErrorBodies::send))
                .get("/v1/models", (request, response) -> response.send("served"))
                .get("/observe/health", (request, response) -> response.send("healthy"));
    }

    private ClientResponseTyped<String> models(String authorization) {
        return client.get("/v1/models").header(HeaderNames.AUTHORIZATION, authorization).request(String.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + KEY, "bearer " + KEY, "BEARER " + KEY, "Bearer  " + KEY + " "})
    void theKeyAsABearerTokenPasses(String authorization) {
        ClientResponseTyped<String> response = models(authorization);
        assertEquals(200, response.status().code());
        assertEquals("served", response.entity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer ", "Bearer", "Basic " + KEY, KEY, "Bearer " + KEY + "x",
        "Bearer the-gateway-ke"})
    void anythingElseIsAn401InOpenAisShape(String authorization) throws Exception {
        ClientResponseTyped<String> response = models(authorization);
        assertEquals(401, response.status().code());
        JsonNode error = OpenAiJson.readTree(response.entity()).get("error");
        assertEquals("invalid_api_key", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/models", "/observe/health"})
    void withoutAHeaderOnlyObserveIsOpen(String path) {
        int expected = path.startsWith("/observe") ? 200 : 401;
        assertEquals(expected, client.get(path).request(String.class).status().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/models", "/observe/health"})
    void withoutAConfiguredKeyEverythingIsOpen(String path) {
        DirectClient open = new DirectClient(HttpRouting.builder()
                .addFilter(new BearerAuth(() -> OPEN, anyPath -> ErrorBodies::send))
                .get(path, (request, response) -> response.send("ok")));
        assertEquals(200, open.get(path).request(String.class).status().code());
        assertEquals(200, open.get(path).header(HeaderNames.AUTHORIZATION, "Bearer anything").request(String.class)
                .status().code());
    }

    private static GatewayConfig openConfig() {
        try {
            Path file = Files.createTempFile("ogem-auth", ".yaml");
            Files.writeString(file, """
                    providers:
                      local:
                        base_url: http://127.0.0.1:9/v1
                        protocol: openai
                        regions: { local: { models: [ m ] } }
                    """);
            try {
                return ConfigLoader.load(Map.of("CONFIG_SOURCE", file.toString()), Path.of(""));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

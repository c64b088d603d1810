package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP surface that answers before any upstream is called: auth, request validation, the body
 * limit, unknown models and routes, the model list, open health. Helidon's test extension runs the
 * gateway's server ({@link Gateway#configure}) on a free port and injects a client; no upstream is
 * reachable (the base URL is the discard port), so any answer here comes from ogem itself.
 */
@ServerTest
class GatewaySurfaceTest {

    private static final String CHAT = "/v1/chat/completions";
    private static GatewayParts parts;

    private final Http1Client client;

    GatewaySurfaceTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        parts = GatewayParts.of("""
                ping_interval: "0"
                providers:
                  openai:
                    base_url: http://127.0.0.1:9/v1
                    regions:
                      openai:
                        models:
                          - name: gpt-4o
                            other_names: [gpt4, gpt-4o-latest]
                  backup:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions:
                      backup:
                        models: [ gpt-4o, small-model ]
                """, Map.of("OPENAI_API_KEY", "sk-unused", "MAX_REQUEST_BYTES", "4096"));
        parts.setUp(server);
    }

    @AfterAll
    static void stop() {
        parts.close();
    }

    private Http1ClientRequest authorized(Http1ClientRequest request) {
        return request.header(HeaderNames.AUTHORIZATION, "Bearer " + TestGateway.KEY);
    }

    private ClientResponseTyped<String> chat(String body) {
        return authorized(client.post(CHAT)).header(HeaderValues.CONTENT_TYPE_JSON).submit(body, String.class);
    }

    private static JsonNode error(ClientResponseTyped<String> response) throws Exception {
        return OpenAiJson.readTree(response.entity()).get("error");
    }

    @Test
    void malformedRequestsAre400NamingTheField() throws Exception {
        record Case(String body, String param) {
        }
        for (Case c : new Case[] {
                new Case("{not json", null),
                new Case("[1,2]", null),
                new Case("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model"),
                new Case("{\"model\":\"gpt-4o\",\"messages\":[]}", "messages"),
                new Case("{\"model\":\"gpt-4o\"}", "messages"),
                new Case("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}",
                        "temperature"),
                new Case("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":7}]}", "messages[0].content"),
                new Case("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                        "messages[0].content[0]"),
                new Case("{\"model\":\"a/b/c/d\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")}) {
            ClientResponseTyped<String> response = chat(c.body());
            assertEquals(400, response.status().code(), c.body() + " -> " + response.entity());
            JsonNode error = error(response);
            assertEquals("invalid_request_error", error.get("type").asText());
            if (c.param() == null) {
                assertTrue(error.get("param").isNull(), response.entity());
            } else {
                assertEquals(c.param(), error.get("param").asText(), response.entity());
            }
        }
    }

    @Test
    void anUnknownModelIs404() throws Exception {
        ClientResponseTyped<String> response = chat("""
                {"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(404, response.status().code());
        assertEquals("model_not_found", error(response).get("code").asText());
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        ClientResponseTyped<String> response = chat("""
                {"model":"gpt-4o","messages":[{"role":"user","content":"%s"}]}""".formatted("x".repeat(5000)));
        assertEquals(413, response.status().code());
        assertEquals("request_too_large", error(response).get("code").asText());
    }

    @Test
    void requestsWithoutTheGatewayKeyAre401AndHealthStaysOpen() throws Exception {
        assertEquals(401, client.get("/v1/models").request(String.class).status().code());
        ClientResponseTyped<String> wrong = client.get("/v1/models")
                .header(HeaderNames.AUTHORIZATION, "Bearer wrong").request(String.class);
        assertEquals(401, wrong.status().code());
        assertEquals("invalid_api_key", error(wrong).get("code").asText());
        assertEquals(401, client.get("/v1/models").header(HeaderNames.AUTHORIZATION, "Bearer ")
                .request(String.class).status().code());
        assertEquals(401, client.post(CHAT).header(HeaderValues.CONTENT_TYPE_JSON)
                .submit("{\"model\":\"gpt-4o\",\"messages\":[]}", String.class).status().code(), "auth comes first");
        assertEquals(200, client.get("/v1/models").header(HeaderNames.AUTHORIZATION, "bearer " + TestGateway.KEY)
                .request(String.class).status().code());
        ClientResponseTyped<String> health = client.get("/observe/health").request(String.class);
        assertEquals(200, health.status().code());
        assertTrue(health.entity().contains("state-store"), health.entity());
    }

    @Test
    void theModelListHoldsEveryNameAndAliasOnce() throws Exception {
        ClientResponseTyped<String> response = authorized(client.get("/v1/models")).request(String.class);
        assertEquals(200, response.status().code());
        JsonNode body = OpenAiJson.readTree(response.entity());
        assertEquals("list", body.get("object").asText());
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(m -> {
            ids.add(m.get("id").asText());
            assertEquals("model", m.get("object").asText());
        });
        assertEquals(List.of("gpt-4o", "gpt4", "gpt-4o-latest", "small-model"), ids);
        assertEquals("openai", body.at("/data/0/owned_by").asText());
    }

    @Test
    void unknownRoutesAreOpenAiShaped404s() throws Exception {
        ClientResponseTyped<String> response = authorized(client.get("/v1/nothing-here")).request(String.class);
        assertEquals(404, response.status().code());
        assertEquals("unknown_url", error(response).get("code").asText());
        ClientResponseTyped<String> wrongMethod = authorized(client.get(CHAT)).request(String.class);
        assertEquals(404, wrongMethod.status().code());
        assertEquals("unknown_url", error(wrongMethod).get("code").asText());
    }
}

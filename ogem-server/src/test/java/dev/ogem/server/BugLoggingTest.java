package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.testing.LogCapture;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bug in ogem (a {@link GatewayException}) is answered as OpenAI's 500 {@code server_error} and logged
 * exactly once, at SEVERE, with the stack trace of where it was made; an error that is an answer (here
 * the caller's) is not logged at SEVERE. The bug is a real one: a {@code @batch} request reaching a batch
 * queue that was closed under the running server.
 */
@ServerTest
class BugLoggingTest {

    private static final String CHAT = "/v1/chat/completions";
    private static GatewayParts parts;

    private final Http1Client client;
    private LogCapture logs;

    BugLoggingTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        parts = GatewayParts.of("""
                ping_interval: "0"
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions: { local: { models: [ m@batch ] } }
                """, Map.of());
        parts.setUp(server);
    }

    @AfterAll
    static void stop() {
        parts.close();
    }

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of("");
    }

    @AfterEach
    void stopCapture() {
        logs.close();
    }

    private ClientResponseTyped<String> chat(String body) {
        return client.post(CHAT).header(HeaderNames.AUTHORIZATION, "Bearer " + TestGateway.KEY)
                .header(HeaderValues.CONTENT_TYPE_JSON).submit(body, String.class);
    }

    @Test
    void aGatewayErrorIsAnsweredAs500AndLoggedOnceWithItsTrace() throws Exception {
        parts.batches().close();
        ClientResponseTyped<String> response = chat(
                "{\"model\":\"m@batch\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(500, response.status().code(), response.entity());
        JsonNode error = OpenAiJson.readTree(response.entity()).path("error");
        assertEquals("server_error", error.path("type").asText());
        assertEquals("The batch queue is closed.", error.path("message").asText());

        List<LogRecord> bugs = logs.records().stream().filter(r -> r.getThrown() instanceof GatewayException).toList();
        assertEquals(1, bugs.size(), "logged exactly once");
        LogRecord bug = bugs.getFirst();
        assertEquals(Level.SEVERE, bug.getLevel());
        assertTrue(bug.getMessage().contains("POST " + CHAT), bug.getMessage());
        assertTrue(Arrays.stream(bug.getThrown().getStackTrace())
                        .anyMatch(frame -> frame.getClassName().endsWith("DefaultBatchQueue")),
                "the trace shows where the error was made");
        assertEquals(1, logs.count(Level.SEVERE), "and nothing else");
    }

    @Test
    void aCallerErrorIsAnAnswerNotABug() {
        ClientResponseTyped<String> response = chat("{\"model\":\"m@batch\",\"messages\":\"not a list\"}");

        assertEquals(400, response.status().code(), response.entity());
        assertEquals(0, logs.count(Level.SEVERE));
    }
}

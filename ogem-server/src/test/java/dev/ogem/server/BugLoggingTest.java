package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
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
class BugLoggingTest {

    private static final String CHAT = "/v1/chat/completions";

    private TestGateway gateway;
    private LogCapture logs;

    @BeforeEach
    void start() {
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions: { local: { models: [ m@batch ] } }
                """);
        logs = LogCapture.of("");
    }

    @AfterEach
    void stop() {
        logs.close();
        gateway.close();
    }

    @Test
    void aGatewayErrorIsAnsweredAs500AndLoggedOnceWithItsTrace() throws Exception {
        gateway.closeBatchQueue();
        HttpResponse<String> response = gateway.post(CHAT,
                "{\"model\":\"m@batch\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(500, response.statusCode(), response.body());
        JsonNode error = OpenAiJson.readTree(response.body()).path("error");
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
        HttpResponse<String> response = gateway.post(CHAT, "{\"model\":\"m@batch\",\"messages\":\"not a list\"}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals(0, logs.count(Level.SEVERE));
    }
}

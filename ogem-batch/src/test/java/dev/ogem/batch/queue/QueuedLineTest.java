package dev.ogem.batch.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.batch.BatchTarget;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request id is a hash of the canonical request and its target; the line follows the spec. */
class QueuedLineTest {
    private static final BatchTarget OPENAI = new BatchTarget(URI.create("https://api.openai.com/v1"), "gpt-4o");

    @Test
    void fieldOrderModelAndStreamDoNotChangeTheId() throws Exception {
        QueuedLine one = QueuedLine.of(OPENAI, request("{\"model\":\"gpt-4o@batch\",\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"b\":1,\"a\":2}}"));
        QueuedLine two = QueuedLine.of(OPENAI, request("{\"metadata\":{\"a\":2,\"b\":1},\"stream\":false,"
                + "\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"temperature\":0,\"model\":\"other\"}"));
        assertEquals(one.id(), two.id());
        assertTrue(one.id().matches("ogem-[0-9a-f]{64}"));
    }

    @Test
    void bodyOrTargetChangesTheId() throws Exception {
        ChatRequest hi = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatRequest ho = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ho\"}]}");
        BatchTarget other = new BatchTarget(URI.create("http://localhost:9/v1"), "gpt-4o");
        assertNotEquals(QueuedLine.of(OPENAI, hi).id(), QueuedLine.of(OPENAI, ho).id());
        assertNotEquals(QueuedLine.of(OPENAI, hi).id(), QueuedLine.of(other, hi).id());
    }

    @Test
    void lineFollowsTheBatchInputShape() throws Exception {
        QueuedLine line = QueuedLine.of(OPENAI, request("{\"model\":\"gpt-4o@batch\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        JsonNode json = OpenAiJson.readTree(line.line());
        assertEquals(line.id(), json.path("custom_id").asText());
        assertEquals("POST", json.path("method").asText());
        assertEquals("/v1/chat/completions", json.path("url").asText());
        assertEquals("gpt-4o", json.path("body").path("model").asText());
        assertFalse(json.path("body").has("stream"));
        assertFalse(json.path("body").has("stream_options"));
        assertEquals(line.line().length + 1L, line.size());
    }

    private static ChatRequest request(String json) throws Exception {
        return OpenAiJson.read(json, ChatRequest.class);
    }
}

package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A native request and answer ride along the OpenAI records without ever reaching their JSON. */
class NativeRequestTest {

    private static final NativeRequest NATIVE = new NativeRequest(WireProtocol.ANTHROPIC_MESSAGES,
            NativeRequest.Operation.GENERATE, JsonNodeFactory.instance.objectNode().put("model", "claude"),
            Map.of("anthropic-beta", "b1"));

    @Test
    void aNativeRequestIsKeptByCopiesButNeverWritten() throws Exception {
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.of("user", "hi")))
                .nativeRequest(NATIVE).build();

        ChatRequest routed = request.withModel("canonical");
        assertSame(NATIVE, routed.nativeRequest().orElseThrow(), "the builder copies it");
        ObjectNode json = OpenAiJson.valueToTree(routed);
        assertFalse(json.has("nativeRequest"));
        assertFalse(json.has("native_request"));
        assertEquals(List.of("model", "messages"), names(json));
        ChatRequest read = OpenAiJson.read(OpenAiJson.write(routed), ChatRequest.class);
        assertTrue(read.nativeRequest().isEmpty());
        assertEquals(routed.messages(), read.messages());
    }

    @Test
    void aNativeAnswerIsKeptButNeverWritten() throws Exception {
        byte[] raw = "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8);
        ChatResponse response = ChatResponse.of("id", 1, "m", List.of(), Optional.of(Usage.of(1, 2)))
                .withNativeAnswer(new NativeAnswer(WireProtocol.ANTHROPIC_MESSAGES, raw));

        assertArrayEquals(raw, response.nativeAnswer().orElseThrow().json());
        JsonNode json = OpenAiJson.readTree(OpenAiJson.write(response));
        assertEquals(List.of("id", "object", "created", "model", "choices", "usage"), names(json));
        assertTrue(OpenAiJson.read(OpenAiJson.write(response), ChatResponse.class).nativeAnswer().isEmpty());
    }

    @Test
    void aNativeStreamEventKeepsItsBytesBesideItsTranslation() {
        byte[] event = "event: ping\ndata: {\"type\":\"ping\"}\n\n".getBytes(StandardCharsets.UTF_8);
        StreamChunk chunk = StreamChunk.ofNative(ChatChunk.of("id", 1, "m", List.of()), event);

        assertArrayEquals(event, chunk.nativeEvent().orElseThrow());
        assertFalse(chunk.mayCarry("usage"));
        assertTrue(StreamChunk.of(ChatChunk.of("id", 1, "m", List.of())).nativeEvent().isEmpty());
    }

    @Test
    void onlyClaudeSpeaksTheMessagesApiNatively() {
        assertEquals(Optional.of(WireProtocol.ANTHROPIC_MESSAGES), ProviderKind.CLAUDE.nativeProtocol());
        assertEquals(Optional.of(WireProtocol.ANTHROPIC_MESSAGES), ProviderKind.VCLAUDE.nativeProtocol());
        for (ProviderKind other : List.of(ProviderKind.OPENAI, ProviderKind.STUDIO, ProviderKind.VERTEX,
                ProviderKind.CUSTOM)) {
            assertTrue(other.nativeProtocol().isEmpty(), other.name());
        }
    }

    private static List<String> names(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

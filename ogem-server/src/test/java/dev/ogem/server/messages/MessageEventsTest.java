package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ToolCall;
import dev.ogem.api.Usage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chunks → Anthropic events: one block per kind of delta, in order, each closed before the next. */
class MessageEventsTest {

    private static ChatChunk delta(ChatChunk.Delta delta) {
        return ChatChunk.of("c1", 1, "gpt", List.of(ChatChunk.Choice.of(0, delta)));
    }

    @Test
    void thinkingTextAndToolCallsBecomeBlocksAndTheEndCarriesStopReasonAndUsage() throws Exception {
        MessageEvents events = new MessageEvents("asked");
        List<byte[]> out = new ArrayList<>();
        out.addAll(events.of(delta(ChatChunk.Delta.start())));
        out.addAll(events.of(delta(ChatChunk.Delta.extra("reasoning_content", new TextNode("hmm")))));
        out.addAll(events.of(delta(ChatChunk.Delta.content("Hi"))));
        out.addAll(events.of(delta(ChatChunk.Delta.toolCall(ToolCall.streamStart(0, "call_1", "f")))));
        out.addAll(events.of(delta(ChatChunk.Delta.toolCall(ToolCall.streamArguments(0, "{\"a\":1}")))));
        out.addAll(events.of(delta(ChatChunk.Delta.toolCall(ToolCall.streamStart(1, "call_2", "g")))));
        out.addAll(events.of(ChatChunk.of("c1", 1, "gpt", List.of(ChatChunk.Choice.finish(0, "tool_calls")))));
        out.addAll(events.of(ChatChunk.ofUsage("c1", 1, "gpt", Usage.of(10, 4))));
        out.addAll(events.end());

        List<JsonNode> data = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (byte[] event : out) {
            String[] lines = new String(event, StandardCharsets.UTF_8).split("\n");
            names.add(lines[0].substring("event: ".length()));
            data.add(OpenAiJson.readTree(lines[1].substring("data: ".length())));
        }
        assertEquals(List.of("message_start",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_stop",
                "message_delta", "message_stop"), names);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), data.get(i).path("type").asText(), "event name and data type agree");
        }
        assertEquals("msg_c1", data.get(0).at("/message/id").asText());
        assertEquals("gpt", data.get(0).at("/message/model").asText());
        assertEquals("thinking", data.get(1).at("/content_block/type").asText());
        assertEquals("hmm", data.get(2).at("/delta/thinking").asText());
        assertEquals(1, data.get(4).path("index").asInt());
        assertEquals("Hi", data.get(5).at("/delta/text").asText());
        assertEquals("call_1", data.get(7).at("/content_block/id").asText());
        assertEquals("{\"a\":1}", data.get(8).at("/delta/partial_json").asText());
        assertEquals(2, data.get(8).path("index").asInt());
        assertEquals("g", data.get(10).at("/content_block/name").asText());
        assertEquals(3, data.get(11).path("index").asInt());
        assertEquals("tool_use", data.get(12).at("/delta/stop_reason").asText());
        assertEquals(10, data.get(12).at("/usage/input_tokens").asInt());
        assertEquals(4, data.get(12).at("/usage/output_tokens").asInt());
    }

    @Test
    void anEmptyStreamStillStartsAndEnds() {
        List<byte[]> out = new MessageEvents("asked").end();

        List<String> names = out.stream().map(e -> new String(e, StandardCharsets.UTF_8).split("\n")[0]).toList();
        assertEquals(List.of("event: message_start", "event: message_delta", "event: message_stop"), names);
    }
}

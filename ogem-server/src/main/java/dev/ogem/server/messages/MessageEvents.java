package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ToolCall;
import dev.ogem.api.Usage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI chunks → Anthropic stream events, for streams that do not come from Claude: {@code message_start}
 * before the first chunk's content; then a content block per kind of delta in arrival order
 * ({@code reasoning_content} → a {@code thinking} block of {@code thinking_delta}s, text → a {@code text}
 * block of {@code text_delta}s, each tool call → a {@code tool_use} block of {@code input_json_delta}s),
 * each closed by {@code content_block_stop} when the next begins; at the end {@code message_delta} with the
 * stop reason and the usage, and {@code message_stop}. Only the first choice is read. Not thread-safe.
 */
final class MessageEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String model;
    private boolean started;
    private int blocks;
    private String open = "";
    private int openToolIndex = -1;
    private String finishReason = "stop";
    private Optional<Usage> usage = Optional.empty();

    /**
     * @param model the model the caller asked for, until a chunk names the one that answers
     */
    MessageEvents(String model) {
        this.model = model;
    }

    /** The events one chunk yields, each a whole server-sent event. */
    List<byte[]> of(ChatChunk chunk) {
        List<byte[]> events = new ArrayList<>();
        start(chunk.id(), chunk.model().isEmpty() ? model : chunk.model(), events);
        chunk.usage().ifPresent(u -> usage = Optional.of(u));
        chunk.choices().stream().filter(c -> c.index() == 0).findFirst().ifPresent(choice -> {
            ChatChunk.Delta delta = choice.delta();
            Optional.ofNullable(delta.extra().get("reasoning_content")).filter(JsonNode::isTextual)
                    .filter(r -> !r.asText().isEmpty())
                    .ifPresent(r -> delta(events, "thinking", NODES.objectNode().put("type", "thinking_delta")
                            .put("thinking", r.asText())));
            delta.content().filter(t -> !t.isEmpty()).ifPresent(text -> delta(events, "text",
                    NODES.objectNode().put("type", "text_delta").put("text", text)));
            delta.toolCalls().forEach(call -> tool(call, events));
            choice.finishReason().ifPresent(f -> finishReason = f);
        });
        return events;
    }

    /** The events that end the message: the open block's stop, {@code message_delta}, {@code message_stop}. */
    List<byte[]> end() {
        List<byte[]> events = new ArrayList<>();
        start("", model, events);
        close(events);
        ObjectNode delta = NODES.objectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", MessageAnswers.stopReason(finishReason)).putNull("stop_sequence");
        delta.set("usage", MessageAnswers.usage(usage.orElse(Usage.of(0, 0))));
        events.add(event("message_delta", delta));
        events.add(event("message_stop", NODES.objectNode().put("type", "message_stop")));
        return events;
    }

    /**
     * An event in server-sent form.
     *
     * @param type the event name, also the data's {@code type}
     * @param data the data
     * @return {@code event: type\ndata: {…}\n\n}
     */
    static byte[] event(String type, JsonNode data) {
        return ("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void start(String id, String answering, List<byte[]> events) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode message = MessageAnswers.start(id.isEmpty() ? "ogem" : id, answering);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", MessageAnswers.usage(Usage.of(0, 0)));
        ObjectNode data = NODES.objectNode().put("type", "message_start");
        data.set("message", message);
        events.add(event("message_start", data));
    }

    private void delta(List<byte[]> events, String kind, ObjectNode delta) {
        if (!open.equals(kind)) {
            ObjectNode block = NODES.objectNode().put("type", kind);
            if (kind.equals("thinking")) {
                block.put("thinking", "").put("signature", "");
            } else {
                block.put("text", "");
            }
            begin(events, block);
            open = kind;
        }
        ObjectNode data = NODES.objectNode().put("type", "content_block_delta").put("index", blocks - 1);
        data.set("delta", delta);
        events.add(event("content_block_delta", data));
    }

    private void tool(ToolCall call, List<byte[]> events) {
        int index = call.index().orElse(0);
        if (!open.equals("tool_use") || index != openToolIndex) {
            ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", call.id().orElse(""))
                    .put("name", call.function().flatMap(ToolCall.FunctionCall::name).orElse(""));
            block.putObject("input");
            begin(events, block);
            open = "tool_use";
            openToolIndex = index;
        }
        call.function().flatMap(ToolCall.FunctionCall::arguments).filter(a -> !a.isEmpty()).ifPresent(arguments -> {
            ObjectNode data = NODES.objectNode().put("type", "content_block_delta").put("index", blocks - 1);
            data.putObject("delta").put("type", "input_json_delta").put("partial_json", arguments);
            events.add(event("content_block_delta", data));
        });
    }

    private void begin(List<byte[]> events, ObjectNode block) {
        close(events);
        ObjectNode data = NODES.objectNode().put("type", "content_block_start").put("index", blocks);
        data.set("content_block", block);
        events.add(event("content_block_start", data));
        blocks++;
    }

    private void close(List<byte[]> events) {
        if (!open.isEmpty()) {
            events.add(event("content_block_stop", NODES.objectNode().put("type", "content_block_stop")
                    .put("index", blocks - 1)));
            open = "";
            openToolIndex = -1;
        }
    }
}

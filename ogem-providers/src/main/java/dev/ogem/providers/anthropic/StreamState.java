package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ToolCall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stream remembers between Anthropic events, and the chunks each event yields.
 *
 * <p>Content blocks are tracked by their Anthropic index: a {@code tool_use} block gets the next
 * tool-call ordinal; a tool block that received no input fragment yields {@code "{}"} at its stop;
 * the synthetic JSON tool's fragments become {@code content}. When that tool was offered, text is held
 * back: dropped once the tool is called (a JSON-mode answer is the JSON alone, as in a plain answer), sent
 * before the finish chunk when the model answered in text only. A thinking block yields its text as
 * {@code reasoning_content} deltas and, at its stop, one {@code thinking_blocks} delta holding the
 * whole block with its signature (a redacted block yields it at its start), so a client that keeps
 * the delta fields can send the blocks back.
 */
final class StreamState {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean jsonTool;
    private final boolean includeUsage;
    private final long created;
    private final AnthropicUsage usage = new AnthropicUsage();
    private final Map<Integer, Block> blocks = new HashMap<>();
    private String id = "";
    private String model;
    private int toolCalls;
    private boolean realToolCalls;
    /** Text held back while the JSON tool may still be called. */
    private final StringBuilder heldText = new StringBuilder();
    /** The JSON tool was called: its input is the content, and text is dropped. */
    private boolean answeredJson;

    StreamState(String requestedModel, boolean jsonTool, boolean includeUsage, long created) {
        this.model = requestedModel;
        this.jsonTool = jsonTool;
        this.includeUsage = includeUsage;
        this.created = created;
    }

    /** One open content block. */
    private static final class Block {
        final String type;
        final int toolIndex;
        final StringBuilder thinking = new StringBuilder();
        String signature = "";
        boolean gotInput;

        Block(String type, int toolIndex) {
            this.type = type;
            this.toolIndex = toolIndex;
        }
    }

    List<ChatChunk> messageStart(JsonNode message) {
        id = message.path("id").asText(id);
        String answered = message.path("model").asText("");
        model = answered.isEmpty() ? model : answered;
        usage.update(message.get("usage"));
        return List.of(delta(ChatChunk.Delta.start()));
    }

    List<ChatChunk> blockStart(int index, JsonNode block) {
        String type = block.path("type").asText();
        switch (type) {
            case "tool_use" -> {
                String name = block.path("name").asText();
                if (jsonTool && name.equals(AnthropicWire.JSON_TOOL)) {
                    blocks.put(index, new Block("json", -1));
                    answeredJson = true;
                    heldText.setLength(0);
                    return List.of();
                }
                int k = toolCalls++;
                realToolCalls = true;
                blocks.put(index, new Block(type, k));
                ToolCall call = ToolCall.streamStart(k, block.path("id").asText(), name);
                return List.of(delta(ChatChunk.Delta.toolCall(call)));
            }
            case "text" -> {
                blocks.put(index, new Block(type, -1));
                return text(block.path("text").asText(""));
            }
            case "thinking" -> {
                Block thinking = new Block(type, -1);
                blocks.put(index, thinking);
                return appendThinking(thinking, block.path("thinking").asText(""));
            }
            case "redacted_thinking" -> {
                blocks.put(index, new Block(type, -1));
                return List.of(thinkingBlock(AnthropicThinking.expose(block)));
            }
            default -> {
                blocks.put(index, new Block(type, -1));
                return List.of();
            }
        }
    }

    List<ChatChunk> blockDelta(int index, JsonNode delta) {
        Block block = blocks.getOrDefault(index, new Block("", -1));
        return switch (delta.path("type").asText()) {
            case "text_delta" -> text(delta.path("text").asText(""));
            case "input_json_delta" -> {
                String fragment = delta.path("partial_json").asText("");
                if (fragment.isEmpty()) {
                    yield List.of();
                }
                block.gotInput = true;
                yield block.type.equals("json") ? List.of(content(fragment))
                        : List.of(delta(ChatChunk.Delta.toolCall(ToolCall.streamArguments(block.toolIndex, fragment))));
            }
            case "thinking_delta" -> appendThinking(block, delta.path("thinking").asText(""));
            case "signature_delta" -> {
                block.signature = block.signature + delta.path("signature").asText("");
                yield List.of();
            }
            default -> List.of(); // citations_delta and later additions have no OpenAI form
        };
    }

    List<ChatChunk> blockStop(int index) {
        Block block = blocks.remove(index);
        if (block == null) {
            return List.of();
        }
        return switch (block.type) {
            case "tool_use" -> block.gotInput ? List.of()
                    : List.of(delta(ChatChunk.Delta.toolCall(ToolCall.streamArguments(block.toolIndex, "{}"))));
            case "json" -> block.gotInput ? List.of() : List.of(content("{}"));
            case "thinking" -> List.of(thinkingBlock(NODES.objectNode().put("type", "thinking")
                    .put("thinking", block.thinking.toString()).put("signature", block.signature)));
            default -> List.of();
        };
    }

    List<ChatChunk> messageDelta(JsonNode delta, JsonNode deltaUsage) {
        usage.update(deltaUsage);
        String stopReason = delta.path("stop_reason").asText("");
        if (stopReason.isEmpty()) {
            return List.of();
        }
        String finish = AnthropicResponses.finishReason(stopReason, jsonTool, !realToolCalls);
        List<ChatChunk> chunks = new ArrayList<>(releaseHeldText());
        chunks.add(ChatChunk.of(id, created, model, List.of(ChatChunk.Choice.finish(0, finish))));
        return chunks;
    }

    List<ChatChunk> messageStop() {
        List<ChatChunk> chunks = new ArrayList<>(releaseHeldText());
        if (includeUsage) {
            chunks.add(ChatChunk.ofUsage(id, created, model, usage.toOpenAi()));
        }
        return chunks;
    }

    /** Text for the client: sent, unless the JSON tool was offered (held back) or called (dropped). */
    private List<ChatChunk> text(String text) {
        if (text.isEmpty() || answeredJson) {
            return List.of();
        }
        if (jsonTool) {
            heldText.append(text);
            return List.of();
        }
        return List.of(content(text));
    }

    /** The text held back, as one content chunk, once it is sure the JSON tool was not called. */
    private List<ChatChunk> releaseHeldText() {
        if (heldText.isEmpty() || answeredJson) {
            return List.of();
        }
        String text = heldText.toString();
        heldText.setLength(0);
        return List.of(content(text));
    }

    private List<ChatChunk> appendThinking(Block block, String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        block.thinking.append(text);
        return List.of(delta(ChatChunk.Delta.extra(AnthropicThinking.REASONING_CONTENT, NODES.textNode(text))));
    }

    private ChatChunk thinkingBlock(JsonNode block) {
        return delta(ChatChunk.Delta.extra(AnthropicThinking.THINKING_BLOCKS, NODES.arrayNode().add(block)));
    }

    private ChatChunk content(String text) {
        return delta(ChatChunk.Delta.content(text));
    }

    private ChatChunk delta(ChatChunk.Delta delta) {
        return ChatChunk.of(id, created, model, List.of(ChatChunk.Choice.of(0, delta)));
    }
}

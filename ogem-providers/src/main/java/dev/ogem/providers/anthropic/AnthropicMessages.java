package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.Message;
import dev.ogem.api.MessageContent;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ToolCall;
import dev.ogem.providers.http.RequestImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI messages → Anthropic top-level {@code system} plus alternating {@code messages}.
 *
 * <ul>
 *   <li>system and developer messages become {@code system} text blocks, in order;</li>
 *   <li>consecutive messages of the same side are merged into one turn, so N tool results become
 *       one user turn of N {@code tool_result} blocks (placed first in that turn);</li>
 *   <li>an assistant turn replays its {@code thinking_blocks} first and unchanged, then its text,
 *       then one {@code tool_use} per tool call (empty arguments become {@code {}});</li>
 *   <li>tool-call ids are rewritten to Anthropic's {@code ^[a-zA-Z0-9_-]+$} the same way on
 *       {@code tool_use} and {@code tool_result};</li>
 *   <li>a turn made of one string message stays a string; the final assistant turn loses its
 *       trailing whitespace (Anthropic treats it as a prefill and rejects it).</li>
 * </ul>
 */
final class AnthropicMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicMessages() {
    }

    /**
     * The translated conversation.
     *
     * @param system   the system blocks, empty when there is no system message
     * @param messages the alternating user and assistant turns
     */
    record Conversation(List<ObjectNode> system, ArrayNode messages) {
    }

    /**
     * Translates a conversation.
     *
     * @param messages the OpenAI messages
     * @param dialect  the host's dialect
     * @param images   downloads image URLs for hosts that take only inline images
     * @return the system blocks and turns
     */
    static Conversation translate(List<Message> messages, Dialect dialect, RequestImages images) {
        List<ObjectNode> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String where = "messages[" + i + "]";
            String side = AnthropicWire.SIDES.get(message.role());
            if (side == null) {
                throw CallerException.invalid("Unknown message role '" + message.role() + "'.", where + ".role");
            }
            if (side.equals("system")) {
                system.addAll(message.content().map(c -> AnthropicContent.blocks(c.parts(), dialect, images, where))
                        .orElse(List.of()));
                continue;
            }
            List<ObjectNode> blocks = switch (message.role()) {
                case "assistant" -> assistant(message, dialect, images, where);
                case "tool", "function" -> List.of(toolResult(message, dialect, images, where));
                default -> message.content().map(c -> AnthropicContent.blocks(c.parts(), dialect, images, where))
                        .orElse(List.of());
            };
            if (blocks.isEmpty()) {
                continue;
            }
            boolean plain = message.content().orElse(null) instanceof MessageContent.Text
                    && blocks.size() == 1 && isPlainText(blocks.getFirst());
            if (!turns.isEmpty() && turns.getLast().role().equals(side)) {
                turns.getLast().merge(blocks);
            } else {
                turns.add(new Turn(side, new ArrayList<>(blocks), plain));
            }
        }
        if (!turns.isEmpty() && turns.getLast().role().equals("assistant")) {
            turns.getLast().stripTrailingWhitespace();
        }
        ArrayNode out = NODES.arrayNode();
        turns.stream().filter(t -> !t.blocks().isEmpty()).forEach(t -> out.add(t.render()));
        return new Conversation(system, out);
    }

    /**
     * Rewrites an id to Anthropic's alphabet: every other character becomes {@code _}.
     *
     * @param id the id as minted elsewhere
     * @return the id Anthropic accepts
     */
    static String sanitizeId(String id) {
        String clean = id.replaceAll("[^a-zA-Z0-9_-]", "_");
        return clean.isEmpty() ? "_" : clean;
    }

    private static List<ObjectNode> assistant(Message message, Dialect dialect, RequestImages images, String where) {
        List<ObjectNode> blocks = new ArrayList<>(AnthropicThinking.replay(message, where));
        blocks.addAll(message.content().map(c -> AnthropicContent.blocks(c.parts(), dialect, images, where))
                .orElse(List.of()));
        for (int k = 0; k < message.toolCalls().size(); k++) {
            blocks.add(toolUse(message.toolCalls().get(k), where + ".tool_calls[" + k + "]"));
        }
        return blocks;
    }

    private static ObjectNode toolUse(ToolCall call, String where) {
        String id = call.id().orElseThrow(() -> CallerException.invalid("A tool call needs an id.", where + ".id"));
        ToolCall.FunctionCall function = call.function()
                .orElseThrow(() -> CallerException.invalid("A tool call needs a function.", where + ".function"));
        ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", sanitizeId(id))
                .put("name", function.name().orElse(""));
        block.set("input", arguments(function.arguments().orElse(""), where + ".function.arguments"));
        return block;
    }

    private static JsonNode arguments(String json, String param) {
        if (json.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode tree = OpenAiJson.readTree(json);
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (JsonProcessingException notJson) {
            // reported below
        }
        throw CallerException.invalid("Tool call arguments must be a JSON object.", param);
    }

    private static ObjectNode toolResult(Message message, Dialect dialect, RequestImages images, String where) {
        String id = message.toolCallId().orElseThrow(() -> CallerException.invalid(
                "A tool message needs the tool_call_id it answers.", where + ".tool_call_id"));
        ObjectNode block = NODES.objectNode().put("type", "tool_result").put("tool_use_id", sanitizeId(id));
        Optional<MessageContent> content = message.content();
        if (content.orElse(null) instanceof MessageContent.Text text) {
            if (!text.text().isEmpty()) {
                block.put("content", text.text());
            }
        } else if (content.isPresent()) {
            ArrayNode parts = block.putArray("content");
            AnthropicContent.blocks(content.get().parts(), dialect, images, where).forEach(parts::add);
        }
        return block;
    }

    private static boolean isPlainText(ObjectNode block) {
        return block.path("type").asText().equals("text") && block.size() == 2;
    }

    /** One Anthropic turn being assembled. */
    private static final class Turn {
        private final String role;
        private final List<ObjectNode> blocks;
        private boolean plain;

        Turn(String role, List<ObjectNode> blocks, boolean plain) {
            this.role = role;
            this.blocks = blocks;
            this.plain = plain;
        }

        String role() {
            return role;
        }

        List<ObjectNode> blocks() {
            return blocks;
        }

        void merge(List<ObjectNode> more) {
            blocks.addAll(more);
            plain = false;
        }

        void stripTrailingWhitespace() {
            for (int i = blocks.size() - 1; i >= 0; i--) {
                ObjectNode block = blocks.get(i);
                if (block.path("type").asText().equals("text")) {
                    String stripped = block.get("text").asText().stripTrailing();
                    if (stripped.isEmpty()) {
                        blocks.remove(i);
                    } else {
                        block.put("text", stripped);
                    }
                    return;
                }
            }
        }

        ObjectNode render() {
            ObjectNode turn = NODES.objectNode().put("role", role);
            if (plain && blocks.size() == 1) {
                turn.put("content", blocks.getFirst().get("text").asText());
                return turn;
            }
            ArrayNode content = turn.putArray("content");
            blocks.stream().filter(b -> b.path("type").asText().equals("tool_result")).forEach(content::add);
            blocks.stream().filter(b -> !b.path("type").asText().equals("tool_result")).forEach(content::add);
            return turn;
        }
    }
}

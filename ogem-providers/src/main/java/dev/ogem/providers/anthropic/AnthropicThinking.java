package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended thinking, both ways.
 *
 * <p><b>Round trip.</b> An answer's {@code thinking} and {@code redacted_thinking} blocks are put on
 * the OpenAI assistant message as two extension fields (the LiteLLM convention, which the OpenAI
 * SDKs keep as extra properties): {@code reasoning_content}, the thinking texts joined, and
 * {@code thinking_blocks}, the blocks themselves with their {@code signature} (or {@code data}).
 * When that assistant message comes back in the history, its {@code thinking_blocks} are replayed
 * first in the assistant turn, unchanged, as Anthropic requires for tool use with thinking.
 *
 * <p><b>Effort.</b> {@code reasoning_effort} becomes {@code thinking: {type: enabled, budget_tokens}}
 * through {@link AnthropicWire#THINKING_BUDGETS} (none → no thinking, minimal/low → 1024,
 * medium → 2048, high → 4096, xhigh → 8192); the budget is lowered to {@code max_tokens - 1} when
 * it does not fit, and a limit that leaves less than 1024 is a 400.
 */
final class AnthropicThinking {

    /** The message field holding the thinking texts. */
    static final String REASONING_CONTENT = "reasoning_content";

    /** The message field holding the thinking blocks with their signatures. */
    static final String THINKING_BLOCKS = "thinking_blocks";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicThinking() {
    }

    /**
     * The thinking blocks an assistant message carried back, ready to send first in its turn.
     *
     * @param message the assistant message
     * @param where   its request path, for error messages
     * @return the blocks, in order
     */
    static List<ObjectNode> replay(Message message, String where) {
        JsonNode blocks = message.extra().get(THINKING_BLOCKS);
        if (blocks == null || blocks.isNull()) {
            return List.of();
        }
        if (!blocks.isArray()) {
            throw CallerException.invalid("thinking_blocks must be an array.", where + "." + THINKING_BLOCKS);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode block : blocks) {
            out.add(replayOne(block, where + "." + THINKING_BLOCKS));
        }
        return out;
    }

    private static ObjectNode replayOne(JsonNode block, String param) {
        String type = block.path("type").asText();
        return switch (type) {
            case "thinking" -> NODES.objectNode().put("type", "thinking")
                    .put("thinking", block.path("thinking").asText())
                    .put("signature", required(block, "signature", param));
            case "redacted_thinking" -> NODES.objectNode().put("type", "redacted_thinking")
                    .put("data", required(block, "data", param));
            default -> throw CallerException.invalid("A thinking block must be of type thinking or redacted_thinking.",
                    param);
        };
    }

    private static String required(JsonNode block, String field, String param) {
        JsonNode value = block.get(field);
        if (value == null || !value.isTextual()) {
            throw CallerException.invalid("A thinking block needs its " + field + ", unchanged.", param);
        }
        return value.asText();
    }

    /**
     * The OpenAI-side form of an answer's thinking block (what {@code thinking_blocks} holds).
     *
     * @param block an Anthropic {@code thinking} or {@code redacted_thinking} content block
     * @return the block, keeping only the fields that must round-trip
     */
    static ObjectNode expose(JsonNode block) {
        return block.path("type").asText().equals("redacted_thinking")
                ? NODES.objectNode().put("type", "redacted_thinking").put("data", block.path("data").asText())
                : NODES.objectNode().put("type", "thinking").put("thinking", block.path("thinking").asText())
                        .put("signature", block.path("signature").asText());
    }

    /**
     * The {@code thinking} request field for a reasoning effort.
     *
     * @param effort    the caller's {@code reasoning_effort}
     * @param maxTokens the {@code max_tokens} that will be sent
     * @return the field, empty for no thinking
     */
    static Optional<ObjectNode> config(Optional<String> effort, int maxTokens) {
        if (effort.isEmpty()) {
            return Optional.empty();
        }
        Integer wanted = AnthropicWire.THINKING_BUDGETS.get(effort.get());
        if (wanted == null) {
            throw CallerException.invalid("reasoning_effort must be one of "
                    + AnthropicWire.THINKING_BUDGETS.keySet() + " for Claude models.", "reasoning_effort");
        }
        if (wanted == 0) {
            return Optional.empty();
        }
        int budget = Math.min(wanted, maxTokens - 1);
        if (budget < AnthropicWire.MIN_THINKING_BUDGET) {
            throw CallerException.invalid("With reasoning_effort set, Claude models need max_completion_tokens above "
                    + AnthropicWire.MIN_THINKING_BUDGET + " (thinking counts against it).", "max_completion_tokens");
        }
        return Optional.of(NODES.objectNode().put("type", "enabled").put("budget_tokens", budget));
    }
}

package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Message;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ToolCall;
import dev.ogem.api.Usage;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A chat completion → an Anthropic {@code message}, for answers that did not come from Claude (or came
 * from the cache). The first choice's {@code reasoning_content} becomes a {@code thinking} block (with an
 * empty signature: no Claude signed it), its text a {@code text} block, each tool call a {@code tool_use}
 * block (arguments that are not a JSON object are wrapped as {@code {"arguments": "…"}}). Finish reasons:
 * stop → end_turn, length → max_tokens, tool_calls → tool_use, content_filter → refusal. Usage:
 * {@code input_tokens} is the prompt without its cached tokens, which go to {@code cache_read_input_tokens}.
 */
final class MessageAnswers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> STOP_REASONS = Map.of(
            "stop", "end_turn",
            "length", "max_tokens",
            "tool_calls", "tool_use",
            "function_call", "tool_use",
            "content_filter", "refusal");

    private MessageAnswers() {
    }

    static ObjectNode message(ChatResponse response) {
        ObjectNode message = start(response.id(), response.model());
        ArrayNode content = message.putArray("content");
        Optional<ChatResponse.Choice> choice = response.choices().stream().findFirst();
        choice.map(ChatResponse.Choice::message).ifPresent(m -> blocks(m, content));
        message.put("stop_reason", stopReason(choice.flatMap(ChatResponse.Choice::finishReason).orElse("stop")));
        message.putNull("stop_sequence");
        message.set("usage", usage(response.usage().orElse(Usage.of(0, 0))));
        return message;
    }

    /** A message without content, stop reason or usage: the start of every answer and of {@code message_start}. */
    static ObjectNode start(String id, String model) {
        ObjectNode message = NODES.objectNode();
        message.put("id", id.startsWith("msg_") ? id : "msg_" + id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        return message;
    }

    static String stopReason(String finishReason) {
        return STOP_REASONS.getOrDefault(finishReason, "end_turn");
    }

    static ObjectNode usage(Usage usage) {
        long cached = usage.promptTokensDetails().map(d -> d.path("cached_tokens").asLong(0)).orElse(0L);
        ObjectNode out = NODES.objectNode();
        out.put("input_tokens", Math.max(0, usage.promptTokens() - cached));
        out.put("output_tokens", usage.completionTokens());
        out.put("cache_read_input_tokens", cached);
        out.put("cache_creation_input_tokens", 0);
        return out;
    }

    /** A tool call's arguments as the {@code input} object Anthropic's clients expect. */
    static JsonNode input(String arguments) {
        if (arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode parsed = OpenAiJson.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // wrapped below
        }
        return NODES.objectNode().put("arguments", arguments);
    }

    private static void blocks(Message message, ArrayNode content) {
        Optional.ofNullable(message.extra().get("reasoning_content")).filter(JsonNode::isTextual)
                .filter(r -> !r.asText().isEmpty())
                .ifPresent(r -> content.addObject().put("type", "thinking").put("thinking", r.asText())
                        .put("signature", ""));
        String text = message.text();
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        message.refusal().filter(r -> !r.isEmpty()).ifPresent(r -> content.addObject().put("type", "text").put("text", r));
        for (ToolCall call : message.toolCalls()) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.id().orElse(""));
            block.put("name", call.function().flatMap(ToolCall.FunctionCall::name).orElse(""));
            block.set("input", input(call.function().flatMap(ToolCall.FunctionCall::arguments).orElse("")));
        }
    }
}

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Message;
import dev.ogem.api.MessageContent;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic {@code Message} → OpenAI {@code chat.completion}: text blocks joined into
 * {@code content} (absent when there is none), {@code tool_use} blocks into {@code tool_calls},
 * thinking into {@code reasoning_content} and {@code thinking_blocks} (see {@link AnthropicThinking}),
 * {@code stop_reason} through {@link AnthropicWire#FINISH_REASONS}, usage through {@link AnthropicUsage}.
 * The synthetic JSON tool's input becomes the content, alone (text the model wrote around it is dropped:
 * a JSON-mode answer is the JSON), with finish reason {@code stop}.
 */
final class AnthropicResponses {

    private AnthropicResponses() {
    }

    /**
     * Translates an answer.
     *
     * @param message        the Anthropic {@code Message}
     * @param requestedModel the model asked for, used when the answer names none
     * @param jsonTool       whether the request added the synthetic JSON tool
     * @param created        the creation time to report, in Unix seconds
     * @return the completion
     */
    static ChatResponse translate(JsonNode message, String requestedModel, boolean jsonTool, long created) {
        if (message.path("type").asText("").equals("error") || message.has("error")) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "Anthropic answered HTTP 200 with an error object instead of a message.");
        }
        if (!message.isObject() || !message.path("content").isArray()) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream answered with a body that is not an Anthropic message.");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder json = new StringBuilder();
        boolean answeredJson = false;
        StringBuilder reasoning = new StringBuilder();
        ArrayNode thinking = JsonNodeFactory.instance.arrayNode();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : message.get("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> {
                    reasoning.append(block.path("thinking").asText());
                    thinking.add(AnthropicThinking.expose(block));
                }
                case "redacted_thinking" -> thinking.add(AnthropicThinking.expose(block));
                case "tool_use" -> {
                    String name = block.path("name").asText();
                    String arguments = block.path("input").isMissingNode() ? "{}" : block.get("input").toString();
                    if (jsonTool && name.equals(AnthropicWire.JSON_TOOL)) {
                        json.append(arguments);
                        answeredJson = true;
                    } else {
                        calls.add(ToolCall.function(block.path("id").asText(), name, arguments));
                    }
                }
                default -> {
                    // server tool blocks and citations have no OpenAI form
                }
            }
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        if (!reasoning.isEmpty()) {
            extra.put(AnthropicThinking.REASONING_CONTENT, JsonNodeFactory.instance.textNode(reasoning.toString()));
        }
        if (!thinking.isEmpty()) {
            extra.put(AnthropicThinking.THINKING_BLOCKS, thinking);
        }
        StringBuilder answer = answeredJson ? json : text;
        Optional<MessageContent> content = answer.isEmpty() ? Optional.empty()
                : Optional.of(new MessageContent.Text(answer.toString()));
        String finish = finishReason(message.path("stop_reason").asText(""), jsonTool, calls.isEmpty());
        ChatResponse.Choice choice = ChatResponse.Choice.of(0, Message.assistant(content, calls, extra), finish);
        String model = message.path("model").asText("");
        return ChatResponse.of(message.path("id").asText(""), created, model.isEmpty() ? requestedModel : model,
                List.of(choice), Optional.of(new AnthropicUsage().update(message.get("usage")).toOpenAi()));
    }

    /**
     * The finish reason, with a JSON-mode tool call reported as {@code stop}.
     *
     * @param stopReason  the Anthropic stop reason
     * @param jsonTool    whether the synthetic JSON tool was offered
     * @param noRealCalls whether no tool other than the JSON tool was called
     * @return the OpenAI finish reason
     */
    static String finishReason(String stopReason, boolean jsonTool, boolean noRealCalls) {
        String finish = AnthropicWire.finishReason(stopReason);
        return jsonTool && noRealCalls && finish.equals("tool_calls") ? "stop" : finish;
    }
}

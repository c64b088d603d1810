package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatRequestBuilder;
import dev.ogem.api.Message;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.StreamOptions;
import dev.ogem.api.Tool;
import dev.ogem.api.ToolChoice;
import dev.ogem.api.WireProtocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Anthropic Messages request → the {@link ChatRequest} routing works with, the caller's body riding
 * along as its {@link NativeRequest} (which Claude endpoints send instead).
 *
 * <ul>
 *   <li>{@code max_tokens} → {@code max_completion_tokens}; {@code stop_sequences} → {@code stop};
 *       {@code temperature}, {@code top_p} as they are; {@code top_k} kept as an extension field;
 *       {@code metadata.user_id} → {@code user};</li>
 *   <li>{@code thinking} enabled → {@code reasoning_effort} by its budget (up to 1024 low, up to 4096
 *       medium, more high); disabled or adaptive → none;</li>
 *   <li>custom tools → function tools ({@code input_schema} → {@code parameters}); {@code tool_choice} auto,
 *       any, tool, none → auto, required, the named function, none; {@code disable_parallel_tool_use} →
 *       {@code parallel_tool_calls: false}; Anthropic's server tools, {@code mcp_servers} and
 *       {@code container} are a 400 unless the model is Claude;</li>
 *   <li>{@code stream} → a stream that asks for usage (the final {@code message_delta} reports it);</li>
 *   <li>{@code system} and {@code messages}: {@link MessageTurns}.</li>
 * </ul>
 */
final class MessageRequests {

    /** Fields that only Claude can honour; the translation refuses them when it is used. */
    private static final Set<String> CLAUDE_ONLY = Set.of("mcp_servers", "container");

    private MessageRequests() {
    }

    /**
     * Reads a Messages request.
     *
     * @param body      the caller's JSON body
     * @param headers   the Anthropic headers to pass on
     * @param operation a message, or a token count
     * @param strict    whether the model may be served by an endpoint that needs the translation; when not
     *                  (only Claude serves it), what does not translate is left to Claude, and the translation
     *                  only sizes the request for admission
     * @return the request, its native form attached
     * @throws CallerException when a required field is missing, or (strict) a field does not translate
     */
    static ChatRequest read(ObjectNode body, Map<String, String> headers, NativeRequest.Operation operation,
                            boolean strict) {
        checkRequired(body, operation);
        NativeRequest nativeRequest = new NativeRequest(WireProtocol.ANTHROPIC_MESSAGES, operation, body, headers);
        try {
            CLAUDE_ONLY.stream().filter(body::has).findFirst().ifPresent(field -> {
                throw CallerException.invalid("'" + field + "' goes only to Claude models.", field);
            });
            return translate(body, nativeRequest);
        } catch (CallerException untranslatable) {
            if (strict) {
                throw untranslatable;
            }
            return sizeOnly(body, nativeRequest);
        }
    }

    private static void checkRequired(ObjectNode body, NativeRequest.Operation operation) {
        String model = body.path("model").asText("");
        if (model.isBlank()) {
            throw CallerException.invalid("'model' is required.", "model");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw CallerException.invalid("'messages' must hold at least one message.", "messages");
        }
        if (operation == NativeRequest.Operation.GENERATE && !body.path("max_tokens").canConvertToInt()) {
            throw CallerException.invalid("'max_tokens' is required and must be an integer.", "max_tokens");
        }
    }

    /** The request as far as admission needs it: its text, its output limit, whether it streams. */
    private static ChatRequest sizeOnly(ObjectNode body, NativeRequest nativeRequest) {
        ChatRequestBuilder chat = ChatRequest.builder().model(body.path("model").asText())
                .messages(List.of(Message.of("user", body.path("system").toString() + body.path("messages")
                        + body.path("tools"))))
                .nativeRequest(nativeRequest);
        return common(body, nativeRequest, chat).build();
    }

    private static ChatRequest translate(ObjectNode body, NativeRequest nativeRequest) {
        ChatRequestBuilder chat = ChatRequest.builder().model(body.path("model").asText())
                .messages(MessageTurns.translate(body.path("system"), body.path("messages")))
                .nativeRequest(nativeRequest);
        number(body, "temperature").ifPresent(chat::temperature);
        number(body, "top_p").ifPresent(chat::topP);
        Optional.ofNullable(body.get("top_k")).filter(JsonNode::isIntegralNumber).ifPresent(k -> chat.extra("top_k", k));
        stopSequences(body.path("stop_sequences")).ifPresent(chat::stop);
        Optional.of(body.path("metadata").path("user_id")).filter(JsonNode::isTextual).map(JsonNode::asText)
                .ifPresent(chat::user);
        effort(body.path("thinking")).ifPresent(chat::reasoningEffort);
        tools(body.path("tools"), chat);
        toolChoice(body.path("tool_choice"), chat);
        return common(body, nativeRequest, chat).build();
    }

    private static ChatRequestBuilder common(ObjectNode body, NativeRequest nativeRequest, ChatRequestBuilder chat) {
        if (nativeRequest.operation() == NativeRequest.Operation.COUNT_TOKENS) {
            return chat;
        }
        chat.maxCompletionTokens(body.path("max_tokens").asInt());
        if (body.path("stream").asBoolean(false)) {
            chat.stream(true).streamOptions(StreamOptions.withUsage());
        }
        return chat;
    }

    private static Optional<Double> number(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw CallerException.invalid("'" + field + "' must be a number.", field);
        }
        return Optional.of(value.asDouble());
    }

    private static Optional<List<String>> stopSequences(JsonNode stop) {
        if (!stop.isArray() || stop.isEmpty()) {
            return Optional.empty();
        }
        List<String> sequences = new ArrayList<>();
        stop.forEach(s -> sequences.add(s.asText()));
        return Optional.of(sequences);
    }

    private static Optional<String> effort(JsonNode thinking) {
        if (!thinking.path("type").asText("").equals("enabled")) {
            return Optional.empty();
        }
        int budget = thinking.path("budget_tokens").asInt(0);
        return Optional.of(budget <= 1024 ? "low" : budget <= 4096 ? "medium" : "high");
    }

    private static void tools(JsonNode tools, ChatRequestBuilder chat) {
        if (!tools.isArray() || tools.isEmpty()) {
            return;
        }
        List<Tool> functions = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("custom");
            if (!type.equals("custom") || !tool.has("input_schema")) {
                throw CallerException.invalid("Tool type '" + type + "' goes only to Claude models; other models take"
                        + " custom tools with an input_schema.", "tools[" + i + "]");
            }
            functions.add(new Tool("function", Optional.of(new Tool.Function(tool.path("name").asText(""),
                    Optional.ofNullable(tool.get("description")).map(JsonNode::asText),
                    Optional.of(tool.get("input_schema")), Optional.empty())), null));
        }
        chat.tools(functions);
    }

    private static void toolChoice(JsonNode choice, ChatRequestBuilder chat) {
        if (!choice.isObject()) {
            return;
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode openAi = switch (choice.path("type").asText("")) {
            case "auto" -> nodes.textNode("auto");
            case "any" -> nodes.textNode("required");
            case "none" -> nodes.textNode("none");
            case "tool" -> {
                ObjectNode named = nodes.objectNode().put("type", "function");
                named.putObject("function").put("name", choice.path("name").asText(""));
                yield named;
            }
            default -> throw CallerException.invalid("'tool_choice.type' must be auto, any, tool or none.",
                    "tool_choice.type");
        };
        chat.toolChoice(ToolChoice.of(openAi));
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            chat.parallelToolCalls(false);
        }
    }
}

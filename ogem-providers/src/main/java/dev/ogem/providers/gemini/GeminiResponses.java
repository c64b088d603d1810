package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.UUID;

/**
 * A Gemini {@code GenerateContentResponse} → an OpenAI {@code chat.completion}: one choice per
 * candidate; text parts joined into {@code content}, thought parts into the {@code reasoning_content}
 * extension; {@code functionCall} parts into tool calls whose ids carry the thought signature
 * ({@link ToolCallIds}); a blocked prompt as one {@code content_filter} choice with HTTP 200. A body that is
 * not an object, holds an {@code error}, or has neither a candidate nor a blocked prompt is a
 * {@code BAD_RESPONSE}, never an answer.
 */
final class GeminiResponses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeminiResponses() {
    }

    /**
     * Translates a response.
     *
     * @param body           the GenerateContentResponse
     * @param requestedModel the model asked for, when the answer names none
     * @param created        the creation time in Unix seconds
     * @return the completion
     */
    static ChatResponse toChat(JsonNode body, String requestedModel, long created) {
        if (!body.isObject()) {
            throw badResponse("The Gemini API answered with a body that is not a GenerateContentResponse.");
        }
        if (body.has("error")) {
            throw badResponse("The Gemini API answered HTTP 200 with an error object instead of a response.");
        }
        List<ChatResponse.Choice> choices = new ArrayList<>();
        for (JsonNode candidate : body.path("candidates")) {
            choices.add(choice(candidate, choices.size()));
        }
        if (choices.isEmpty()) {
            if (!body.path("promptFeedback").has("blockReason")) {
                throw badResponse("The Gemini API answered with neither a candidate nor a blocked prompt.");
            }
            choices.add(ChatResponse.Choice.of(0, assistant(Optional.empty(), "", List.of()), GeminiFinish.BLOCKED));
        }
        return ChatResponse.of(id(body), created, model(body, requestedModel), choices,
                GeminiUsage.from(body.path("usageMetadata")));
    }

    private static ProviderException badResponse(String message) {
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE, message);
    }

    static String id(JsonNode body) {
        return body.path("responseId").asText("").isEmpty()
                ? "chatcmpl-" + UUID.randomUUID().toString().replace("-", "")
                : body.path("responseId").asText();
    }

    static String model(JsonNode body, String requestedModel) {
        return body.path("modelVersion").asText("").isEmpty() ? requestedModel : body.path("modelVersion").asText();
    }

    private static ChatResponse.Choice choice(JsonNode candidate, int ordinal) {
        StringBuilder text = new StringBuilder();
        StringBuilder thoughts = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                calls.add(toolCall(part));
            } else if (part.path("thought").asBoolean(false)) {
                thoughts.append(part.path("text").asText(""));
            } else {
                text.append(part.path("text").asText(""));
            }
        }
        Optional<String> content = text.isEmpty() && !calls.isEmpty() ? Optional.empty() : Optional.of(text.toString());
        String finish = GeminiFinish.of(candidate.path("finishReason").asText(""), !calls.isEmpty());
        return ChatResponse.Choice.of(candidate.path("index").asInt(ordinal), assistant(content, thoughts.toString(), calls),
                finish, logprobs(candidate.path("logprobsResult")));
    }

    /**
     * The OpenAI tool call of a {@code functionCall} part, its thought signature in the id.
     *
     * @param part the part
     * @return the complete tool call
     */
    static ToolCall toolCall(JsonNode part) {
        JsonNode call = part.get("functionCall");
        String id = ToolCallIds.encode(text(call, "id"), text(part, "thoughtSignature"));
        JsonNode args = call.path("args");
        return ToolCall.function(id, call.path("name").asText(), args.isObject() ? args.toString() : "{}");
    }

    private static Message assistant(Optional<String> content, String reasoning, List<ToolCall> calls) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        if (!reasoning.isEmpty()) {
            extra.put("reasoning_content", TextNode.valueOf(reasoning));
        }
        return Message.assistant(content.map(MessageContent.Text::new), calls, extra);
    }

    /**
     * {@code logprobsResult} → OpenAI {@code logprobs.content}.
     *
     * @param result the candidate's logprobsResult, or a missing node
     * @return the OpenAI logprobs, when the candidate has any
     */
    static Optional<JsonNode> logprobs(JsonNode result) {
        if (!result.isObject()) {
            return Optional.empty();
        }
        ObjectNode logprobs = NODES.objectNode();
        ArrayNode content = logprobs.putArray("content");
        JsonNode chosen = result.path("chosenCandidates");
        for (int i = 0; i < chosen.size(); i++) {
            ObjectNode token = entry(chosen.get(i));
            ArrayNode top = token.putArray("top_logprobs");
            result.path("topCandidates").path(i).path("candidates").forEach(c -> top.add(entry(c)));
            content.add(token);
        }
        return Optional.of(logprobs);
    }

    private static ObjectNode entry(JsonNode candidate) {
        ObjectNode entry = NODES.objectNode().put("token", candidate.path("token").asText(""))
                .put("logprob", candidate.path("logProbability").asDouble());
        entry.putNull("bytes");
        return entry;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }
}

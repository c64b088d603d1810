package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.providers.http.RequestImages;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * OpenAI {@code ChatRequest} → Anthropic Messages request body.
 *
 * <ul>
 *   <li>{@code max_completion_tokens}, else {@code max_tokens}, becomes the required {@code max_tokens};
 *       when the caller sets neither, the default is the model family's maximum output from
 *       {@link AnthropicWire#MAX_OUTPUT} (for example 64000 for Claude Sonnet 4), else 4096;</li>
 *   <li>{@code temperature} is clamped to Anthropic's 0–1; {@code top_p}, {@code top_k} (extension)
 *       pass; {@code stop} becomes {@code stop_sequences};</li>
 *   <li>{@code user} (or {@code safety_identifier}) becomes {@code metadata.user_id} when at most 512
 *       characters; OpenAI {@code metadata}, {@code seed}, {@code store}, {@code service_tier} and other
 *       fields that do not change the answer's content are dropped;</li>
 *   <li>what Anthropic cannot do and would change the answer is a 400: {@code n > 1},
 *       {@code logprobs}, {@code top_logprobs}, {@code logit_bias}, non-zero penalties, audio output,
 *       web search options;</li>
 *   <li>tools and {@code response_format}: {@link AnthropicTools}; thinking: {@link AnthropicThinking}.</li>
 * </ul>
 */
final class AnthropicRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_USER_ID = 512;

    /** What Anthropic cannot honour, as data: the field, when it is a problem, and why. */
    private record Unsupported(String param, Predicate<ChatRequest> applies, String reason) {
    }

    private static final List<Unsupported> UNSUPPORTED = List.of(
            new Unsupported("n", r -> r.n().orElse(1) > 1, "Claude models return one choice; n must be 1."),
            new Unsupported("logprobs", r -> r.logprobs().orElse(false), "Claude models do not return log probabilities."),
            new Unsupported("top_logprobs", r -> r.topLogprobs().isPresent(),
                    "Claude models do not return log probabilities."),
            new Unsupported("logit_bias", r -> !r.logitBias().isEmpty(), "Claude models do not take logit_bias."),
            new Unsupported("presence_penalty", r -> r.presencePenalty().orElse(0.0) != 0,
                    "Claude models do not take presence_penalty."),
            new Unsupported("frequency_penalty", r -> r.frequencyPenalty().orElse(0.0) != 0,
                    "Claude models do not take frequency_penalty."),
            new Unsupported("audio", r -> present(r, "audio"), "Claude models do not produce audio."),
            new Unsupported("web_search_options", r -> present(r, "web_search_options"),
                    "web_search_options is not supported for Claude models."),
            new Unsupported("functions", r -> present(r, "functions"),
                    "The legacy 'functions' are not translated for Claude models; send them as 'tools'."),
            new Unsupported("function_call", r -> present(r, "function_call"),
                    "The legacy 'function_call' is not translated for Claude models; send 'tool_choice'."));

    private AnthropicRequests() {
    }

    /**
     * A translated request.
     *
     * @param body     the Anthropic body
     * @param jsonTool whether the answer's {@value AnthropicWire#JSON_TOOL} call is the JSON content
     */
    record Translated(ObjectNode body, boolean jsonTool) {
    }

    /**
     * Translates a request.
     *
     * @param request the OpenAI request, its model the canonical model id
     * @param dialect the host's dialect
     * @param images  downloads image URLs for hosts that take only inline images
     * @return the body
     * @throws CallerException for what Claude cannot do
     */
    static Translated translate(ChatRequest request, Dialect dialect, RequestImages images) {
        UNSUPPORTED.stream().filter(u -> u.applies().test(request)).findFirst().ifPresent(u -> {
            throw CallerException.invalid(u.reason(), u.param());
        });
        ObjectNode body = NODES.objectNode();
        if (dialect.modelInBody()) {
            body.put("model", request.model());
        } else {
            body.put("anthropic_version", dialect.bodyVersion());
        }
        AnthropicMessages.Conversation conversation = AnthropicMessages.translate(request.messages(), dialect, images);
        if (!conversation.system().isEmpty()) {
            ArrayNode system = body.putArray("system");
            conversation.system().forEach(system::add);
        }
        body.set("messages", conversation.messages());
        int maxTokens = request.outputLimit().orElseGet(() -> AnthropicWire.defaultMaxTokens(request.model()));
        body.put("max_tokens", maxTokens);
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        request.temperature().ifPresent(t -> body.put("temperature", Math.clamp(t, 0.0, 1.0)));
        request.topP().ifPresent(p -> body.put("top_p", p));
        Optional.ofNullable(request.extra().get("top_k")).filter(JsonNode::isIntegralNumber)
                .ifPresent(k -> body.put("top_k", k.asInt()));
        userId(request).ifPresent(id -> body.putObject("metadata").put("user_id", id));
        Optional<ObjectNode> thinking = AnthropicThinking.config(request.reasoningEffort(), maxTokens);
        thinking.ifPresent(t -> body.set("thinking", t));
        boolean jsonTool = AnthropicTools.apply(request, dialect, thinking.isPresent(), body);
        if (request.streaming()) {
            body.put("stream", true);
        }
        return new Translated(body, jsonTool);
    }

    private static Optional<String> userId(ChatRequest request) {
        return Optional.ofNullable(request.extra().get("safety_identifier")).filter(JsonNode::isTextual)
                .map(JsonNode::asText).or(request::user)
                .filter(id -> !id.isEmpty() && id.length() <= MAX_USER_ID);
    }

    private static boolean present(ChatRequest request, String field) {
        JsonNode value = request.extra().get(field);
        return value != null && !value.isNull();
    }
}

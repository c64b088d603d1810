package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code chat.completion} object.
 *
 * @param id                the completion id
 * @param object            {@code chat.completion}
 * @param created           creation time in Unix seconds
 * @param model             the model that answered
 * @param choices           the choices
 * @param usage             token usage
 * @param systemFingerprint backend fingerprint
 * @param extra             other fields, kept as received
 * @param nativeAnswer      the upstream's own answer to a {@link NativeRequest}, when it got one; never
 *                          written as JSON (so a cached answer is the translation alone)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ChatResponse(String id,
                           String object,
                           long created,
                           String model,
                           List<Choice> choices,
                           Optional<Usage> usage,
                           @JsonProperty("system_fingerprint") Optional<String> systemFingerprint,
                           @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra,
                           @JsonIgnore Optional<NativeAnswer> nativeAnswer) {

    private static final String OBJECT = "chat.completion";

    /** Normalises absent fields. */
    public ChatResponse {
        id = id == null ? "" : id;
        object = object == null ? OBJECT : object;
        model = model == null ? "" : model;
        choices = Lists.orEmpty(choices);
        usage = Optional.ofNullable(usage).flatMap(o -> o);
        systemFingerprint = Optional.ofNullable(systemFingerprint).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
        nativeAnswer = Optional.ofNullable(nativeAnswer).flatMap(o -> o);
    }

    /**
     * The same completion carrying the upstream's own answer.
     *
     * @param answer the upstream's answer to the native request
     * @return a copy with it
     */
    public ChatResponse withNativeAnswer(NativeAnswer answer) {
        return new ChatResponse(id, object, created, model, choices, usage, systemFingerprint, extra,
                Optional.of(answer));
    }

    /**
     * This completion with another {@code system_fingerprint}.
     *
     * @param fingerprint the fingerprint
     * @return the copy
     */
    public ChatResponse withSystemFingerprint(String fingerprint) {
        return new ChatResponse(id, object, created, model, choices, usage, Optional.of(fingerprint), extra,
                nativeAnswer);
    }

    /**
     * A completion.
     *
     * @param id      the completion id
     * @param created creation time in Unix seconds
     * @param model   the model that answered
     * @param choices the choices
     * @param usage   token usage, when known
     * @return the completion
     */
    public static ChatResponse of(String id, long created, String model, List<Choice> choices, Optional<Usage> usage) {
        return new ChatResponse(id, OBJECT, created, model, choices, usage, Optional.empty(), new LinkedHashMap<>(),
                Optional.empty());
    }

    /**
     * One choice of a completion.
     *
     * @param index        the choice index
     * @param message      the assistant message
     * @param finishReason stop, length, tool_calls, content_filter
     * @param logprobs     log probabilities, as received
     * @param extra        other fields, kept as received
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Choice(int index,
                         Message message,
                         @JsonProperty("finish_reason") Optional<String> finishReason,
                         Optional<JsonNode> logprobs,
                         @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        /** Normalises absent fields. */
        public Choice {
            finishReason = Optional.ofNullable(finishReason).flatMap(o -> o);
            logprobs = Optional.ofNullable(logprobs).flatMap(o -> o);
            extra = extra == null ? new LinkedHashMap<>() : extra;
        }

        /**
         * A choice without log probabilities.
         *
         * @param index        the choice index
         * @param message      the assistant message
         * @param finishReason stop, length, tool_calls, content_filter
         * @return the choice
         */
        public static Choice of(int index, Message message, String finishReason) {
            return of(index, message, finishReason, Optional.empty());
        }

        /**
         * A choice with the log probabilities an upstream sent, if any.
         *
         * @param index        the choice index
         * @param message      the assistant message
         * @param finishReason stop, length, tool_calls, content_filter
         * @param logprobs     log probabilities in OpenAI's shape
         * @return the choice
         */
        public static Choice of(int index, Message message, String finishReason, Optional<JsonNode> logprobs) {
            return new Choice(index, message, Optional.of(finishReason), logprobs, new LinkedHashMap<>());
        }
    }
}

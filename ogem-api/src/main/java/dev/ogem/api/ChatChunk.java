package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code chat.completion.chunk} object of a stream.
 *
 * @param id                the completion id
 * @param object            {@code chat.completion.chunk}
 * @param created           creation time in Unix seconds
 * @param model             the model that answers
 * @param choices           the choice deltas (empty on the usage chunk)
 * @param usage             token usage, on the last chunk when asked for
 * @param systemFingerprint backend fingerprint
 * @param extra             other fields, kept as received
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ChatChunk(String id,
                        String object,
                        long created,
                        String model,
                        List<Choice> choices,
                        Optional<Usage> usage,
                        @JsonProperty("system_fingerprint") Optional<String> systemFingerprint,
                        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    private static final String OBJECT = "chat.completion.chunk";

    /** Normalises absent fields. */
    public ChatChunk {
        id = id == null ? "" : id;
        object = object == null ? OBJECT : object;
        model = model == null ? "" : model;
        choices = Lists.orEmpty(choices);
        usage = Optional.ofNullable(usage).flatMap(o -> o);
        systemFingerprint = Optional.ofNullable(systemFingerprint).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * This chunk with another {@code system_fingerprint}.
     *
     * @param fingerprint the fingerprint
     * @return the copy
     */
    public ChatChunk withSystemFingerprint(String fingerprint) {
        return new ChatChunk(id, object, created, model, choices, usage, Optional.of(fingerprint), extra);
    }

    /**
     * A chunk of choice deltas.
     *
     * @param id      the completion id
     * @param created creation time in Unix seconds
     * @param model   the model that answers
     * @param choices the choice deltas
     * @return the chunk
     */
    public static ChatChunk of(String id, long created, String model, List<Choice> choices) {
        return new ChatChunk(id, OBJECT, created, model, choices, Optional.empty(), Optional.empty(), new LinkedHashMap<>());
    }

    /**
     * The usage chunk that ends a stream: no choices, only usage.
     *
     * @param id      the completion id
     * @param created creation time in Unix seconds
     * @param model   the model that answered
     * @param usage   the stream's token usage
     * @return the chunk
     */
    public static ChatChunk ofUsage(String id, long created, String model, Usage usage) {
        return new ChatChunk(id, OBJECT, created, model, List.of(), Optional.of(usage), Optional.empty(),
                new LinkedHashMap<>());
    }

    /**
     * One choice delta of a chunk.
     *
     * @param index        the choice index
     * @param delta        what this chunk adds
     * @param finishReason set on the choice's last chunk
     * @param logprobs     log probabilities, as received
     * @param extra        other fields, kept as received
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Choice(int index,
                         Delta delta,
                         @JsonProperty("finish_reason") Optional<String> finishReason,
                         Optional<JsonNode> logprobs,
                         @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        /** Normalises absent fields. */
        public Choice {
            delta = delta == null ? Delta.empty() : delta;
            finishReason = Optional.ofNullable(finishReason).flatMap(o -> o);
            logprobs = Optional.ofNullable(logprobs).flatMap(o -> o);
            extra = extra == null ? new LinkedHashMap<>() : extra;
        }

        /**
         * A choice's delta, not its last.
         *
         * @param index the choice index
         * @param delta what it adds
         * @return the choice
         */
        public static Choice of(int index, Delta delta) {
            return new Choice(index, delta, Optional.empty(), Optional.empty(), new LinkedHashMap<>());
        }

        /**
         * A choice's last delta, which adds nothing but the finish reason.
         *
         * @param index        the choice index
         * @param finishReason stop, length, tool_calls, content_filter
         * @return the choice
         */
        public static Choice finish(int index, String finishReason) {
            return new Choice(index, Delta.empty(), Optional.of(finishReason), Optional.empty(), new LinkedHashMap<>());
        }
    }

    /**
     * What one chunk adds to a choice's message.
     *
     * @param role      set on the first chunk
     * @param content   a piece of text
     * @param toolCalls pieces of tool calls, by index
     * @param refusal   a piece of a refusal
     * @param extra     other fields, kept as received
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Delta(Optional<String> role,
                        Optional<String> content,
                        @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
                        Optional<String> refusal,
                        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        /** Normalises absent fields. */
        public Delta {
            role = Optional.ofNullable(role).flatMap(o -> o);
            content = Optional.ofNullable(content).flatMap(o -> o);
            toolCalls = Lists.orEmpty(toolCalls);
            refusal = Optional.ofNullable(refusal).flatMap(o -> o);
            extra = extra == null ? new LinkedHashMap<>() : extra;
        }

        /**
         * A delta that adds nothing.
         *
         * @return the delta
         */
        public static Delta empty() {
            return of(Optional.empty(), Optional.empty(), List.of(), new LinkedHashMap<>());
        }

        /**
         * The first delta of an assistant message: its role and empty content.
         *
         * @return the delta
         */
        public static Delta start() {
            return of(Optional.of("assistant"), Optional.of(""), List.of(), new LinkedHashMap<>());
        }

        /**
         * A piece of text.
         *
         * @param text the text
         * @return the delta
         */
        public static Delta content(String text) {
            return of(Optional.empty(), Optional.of(text), List.of(), new LinkedHashMap<>());
        }

        /**
         * A piece of one tool call.
         *
         * @param call the piece, with its index
         * @return the delta
         */
        public static Delta toolCall(ToolCall call) {
            return of(Optional.empty(), Optional.empty(), List.of(call), new LinkedHashMap<>());
        }

        /**
         * One field OpenAI does not define, such as {@code reasoning_content}.
         *
         * @param name  the field name
         * @param value its value
         * @return the delta
         */
        public static Delta extra(String name, JsonNode value) {
            Map<String, JsonNode> extra = new LinkedHashMap<>();
            extra.put(name, value);
            return of(Optional.empty(), Optional.empty(), List.of(), extra);
        }

        private static Delta of(Optional<String> role, Optional<String> content, List<ToolCall> toolCalls,
                                Map<String, JsonNode> extra) {
            return new Delta(role, content, toolCalls, Optional.empty(), extra);
        }
    }
}

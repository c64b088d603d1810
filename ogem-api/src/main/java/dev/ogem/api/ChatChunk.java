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

    /** Normalises absent fields. */
    public ChatChunk {
        id = id == null ? "" : id;
        object = object == null ? "chat.completion.chunk" : object;
        model = model == null ? "" : model;
        choices = Lists.orEmpty(choices);
        usage = Optional.ofNullable(usage).flatMap(o -> o);
        systemFingerprint = Optional.ofNullable(systemFingerprint).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
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
            delta = delta == null ? new Delta(null, null, null, null, null) : delta;
            finishReason = Optional.ofNullable(finishReason).flatMap(o -> o);
            logprobs = Optional.ofNullable(logprobs).flatMap(o -> o);
            extra = extra == null ? new LinkedHashMap<>() : extra;
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
    }
}

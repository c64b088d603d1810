package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI Chat Completions request. Fields ogem does not model are kept in {@link #extra()} and
 * written back unchanged, so OpenAI-protocol upstreams receive them untouched.
 *
 * @param model               the model string as the caller wrote it, or the canonical name once routed
 * @param messages            the conversation
 * @param temperature         sampling temperature
 * @param topP                nucleus sampling
 * @param n                   number of choices
 * @param stream              whether to answer as server-sent events
 * @param streamOptions       stream options such as {@code include_usage}
 * @param stop                stop sequences (a single string is read as a list of one)
 * @param maxTokens           legacy output limit
 * @param maxCompletionTokens output limit
 * @param presencePenalty     presence penalty
 * @param frequencyPenalty    frequency penalty
 * @param logitBias           token biases
 * @param logprobs            whether to return log probabilities
 * @param topLogprobs         how many log probabilities per token
 * @param user                end-user id
 * @param seed                sampling seed
 * @param tools               tool definitions
 * @param toolChoice          how tools may be chosen
 * @param parallelToolCalls   whether several tool calls may come in one turn
 * @param responseFormat      text, JSON object or JSON schema output
 * @param reasoningEffort     reasoning effort for reasoning models
 * @param extra               every other top-level field, kept as sent
 * @param nativeRequest       the request in the caller's own protocol, when it came in another one; never
 *                            written as JSON (nor part of the cache key)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ChatRequest(
        String model,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Message> messages,
        Optional<Double> temperature,
        @JsonProperty("top_p") Optional<Double> topP,
        Optional<Integer> n,
        Optional<Boolean> stream,
        @JsonProperty("stream_options") Optional<StreamOptions> streamOptions,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> stop,
        @JsonProperty("max_tokens") Optional<Integer> maxTokens,
        @JsonProperty("max_completion_tokens") Optional<Integer> maxCompletionTokens,
        @JsonProperty("presence_penalty") Optional<Double> presencePenalty,
        @JsonProperty("frequency_penalty") Optional<Double> frequencyPenalty,
        @JsonProperty("logit_bias") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> logitBias,
        Optional<Boolean> logprobs,
        @JsonProperty("top_logprobs") Optional<Integer> topLogprobs,
        Optional<String> user,
        Optional<Long> seed,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Tool> tools,
        @JsonProperty("tool_choice") Optional<ToolChoice> toolChoice,
        @JsonProperty("parallel_tool_calls") Optional<Boolean> parallelToolCalls,
        @JsonProperty("response_format") Optional<ResponseFormat> responseFormat,
        @JsonProperty("reasoning_effort") Optional<String> reasoningEffort,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra,
        @JsonIgnore Optional<NativeRequest> nativeRequest) {

    /** Fills absent fields with empty values so that no accessor returns {@code null}. */
    public ChatRequest {
        model = model == null ? "" : model;
        messages = Lists.orEmpty(messages);
        temperature = Optional.ofNullable(temperature).flatMap(o -> o);
        topP = Optional.ofNullable(topP).flatMap(o -> o);
        n = Optional.ofNullable(n).flatMap(o -> o);
        stream = Optional.ofNullable(stream).flatMap(o -> o);
        streamOptions = Optional.ofNullable(streamOptions).flatMap(o -> o);
        stop = Lists.orEmpty(stop);
        maxTokens = Optional.ofNullable(maxTokens).flatMap(o -> o);
        maxCompletionTokens = Optional.ofNullable(maxCompletionTokens).flatMap(o -> o);
        presencePenalty = Optional.ofNullable(presencePenalty).flatMap(o -> o);
        frequencyPenalty = Optional.ofNullable(frequencyPenalty).flatMap(o -> o);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        logprobs = Optional.ofNullable(logprobs).flatMap(o -> o);
        topLogprobs = Optional.ofNullable(topLogprobs).flatMap(o -> o);
        user = Optional.ofNullable(user).flatMap(o -> o);
        seed = Optional.ofNullable(seed).flatMap(o -> o);
        tools = Lists.orEmpty(tools);
        toolChoice = Optional.ofNullable(toolChoice).flatMap(o -> o);
        parallelToolCalls = Optional.ofNullable(parallelToolCalls).flatMap(o -> o);
        responseFormat = Optional.ofNullable(responseFormat).flatMap(o -> o);
        reasoningEffort = Optional.ofNullable(reasoningEffort).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
        nativeRequest = Optional.ofNullable(nativeRequest).flatMap(o -> o);
    }

    /**
     * Whether the caller asked for a stream.
     *
     * @return {@code stream: true}
     */
    public boolean streaming() {
        return stream.orElse(false);
    }

    /**
     * The output limit the caller set, whichever of the two fields carries it.
     *
     * @return {@code max_completion_tokens}, else {@code max_tokens}
     */
    public Optional<Integer> outputLimit() {
        return maxCompletionTokens.or(() -> maxTokens);
    }

    /**
     * A builder for a request; every field left unset is absent.
     *
     * @return an empty builder
     */
    public static ChatRequestBuilder builder() {
        return new ChatRequestBuilder();
    }

    /**
     * A builder that starts from this request's fields, to change a few of them.
     *
     * @return a builder holding this request's fields
     */
    public ChatRequestBuilder toBuilder() {
        return new ChatRequestBuilder(this);
    }

    /**
     * The same request for another model name.
     *
     * @param newModel the model name to send
     * @return a copy with that model
     */
    public ChatRequest withModel(String newModel) {
        return toBuilder().model(newModel).build();
    }

    /**
     * The same request with other stream options.
     *
     * @param options the stream options to send
     * @return a copy with those options
     */
    public ChatRequest withStreamOptions(StreamOptions options) {
        return toBuilder().streamOptions(options).build();
    }
}

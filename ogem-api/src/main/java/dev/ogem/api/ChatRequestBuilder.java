package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link ChatRequest}: {@link ChatRequest#builder()} for a new one,
 * {@link ChatRequest#toBuilder()} to change a few fields of another. Each setter is named like the
 * field it sets and takes a plain value; a field never set is absent. Not thread-safe.
 */
public final class ChatRequestBuilder {
    private String model = "";
    private List<Message> messages = List.of();
    private Optional<Double> temperature = Optional.empty();
    private Optional<Double> topP = Optional.empty();
    private Optional<Integer> n = Optional.empty();
    private Optional<Boolean> stream = Optional.empty();
    private Optional<StreamOptions> streamOptions = Optional.empty();
    private List<String> stop = List.of();
    private Optional<Integer> maxTokens = Optional.empty();
    private Optional<Integer> maxCompletionTokens = Optional.empty();
    private Optional<Double> presencePenalty = Optional.empty();
    private Optional<Double> frequencyPenalty = Optional.empty();
    private Map<String, Double> logitBias = Map.of();
    private Optional<Boolean> logprobs = Optional.empty();
    private Optional<Integer> topLogprobs = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Optional<Long> seed = Optional.empty();
    private List<Tool> tools = List.of();
    private Optional<ToolChoice> toolChoice = Optional.empty();
    private Optional<Boolean> parallelToolCalls = Optional.empty();
    private Optional<ResponseFormat> responseFormat = Optional.empty();
    private Optional<String> reasoningEffort = Optional.empty();
    // Shared with the request it came from until a field is added, then copied.
    private Map<String, JsonNode> extra = new LinkedHashMap<>();
    private boolean extraShared;
    private Optional<NativeRequest> nativeRequest = Optional.empty();

    ChatRequestBuilder() {
    }

    ChatRequestBuilder(ChatRequest from) {
        model = from.model();
        messages = from.messages();
        temperature = from.temperature();
        topP = from.topP();
        n = from.n();
        stream = from.stream();
        streamOptions = from.streamOptions();
        stop = from.stop();
        maxTokens = from.maxTokens();
        maxCompletionTokens = from.maxCompletionTokens();
        presencePenalty = from.presencePenalty();
        frequencyPenalty = from.frequencyPenalty();
        logitBias = from.logitBias();
        logprobs = from.logprobs();
        topLogprobs = from.topLogprobs();
        user = from.user();
        seed = from.seed();
        tools = from.tools();
        toolChoice = from.toolChoice();
        parallelToolCalls = from.parallelToolCalls();
        responseFormat = from.responseFormat();
        reasoningEffort = from.reasoningEffort();
        extra = from.extra();
        extraShared = true;
        nativeRequest = from.nativeRequest();
    }

    /**
     * Sets {@code model}.
     *
     * @param model the model string
     * @return this builder
     */
    public ChatRequestBuilder model(String model) {
        this.model = model;
        return this;
    }

    /**
     * Sets {@code messages}.
     *
     * @param messages the conversation
     * @return this builder
     */
    public ChatRequestBuilder messages(List<Message> messages) {
        this.messages = messages;
        return this;
    }

    /**
     * Sets {@code temperature}.
     *
     * @param temperature sampling temperature
     * @return this builder
     */
    public ChatRequestBuilder temperature(double temperature) {
        this.temperature = Optional.of(temperature);
        return this;
    }

    /**
     * Sets {@code topP}.
     *
     * @param topP nucleus sampling
     * @return this builder
     */
    public ChatRequestBuilder topP(double topP) {
        this.topP = Optional.of(topP);
        return this;
    }

    /**
     * Sets {@code n}.
     *
     * @param n number of choices
     * @return this builder
     */
    public ChatRequestBuilder n(int n) {
        this.n = Optional.of(n);
        return this;
    }

    /**
     * Sets {@code stream}.
     *
     * @param stream whether to answer as server-sent events
     * @return this builder
     */
    public ChatRequestBuilder stream(boolean stream) {
        this.stream = Optional.of(stream);
        return this;
    }

    /**
     * Sets {@code streamOptions}.
     *
     * @param streamOptions stream options
     * @return this builder
     */
    public ChatRequestBuilder streamOptions(StreamOptions streamOptions) {
        this.streamOptions = Optional.of(streamOptions);
        return this;
    }

    /**
     * Sets {@code stop}.
     *
     * @param stop stop sequences
     * @return this builder
     */
    public ChatRequestBuilder stop(List<String> stop) {
        this.stop = stop;
        return this;
    }

    /**
     * Sets {@code maxTokens}.
     *
     * @param maxTokens legacy output limit
     * @return this builder
     */
    public ChatRequestBuilder maxTokens(int maxTokens) {
        this.maxTokens = Optional.of(maxTokens);
        return this;
    }

    /**
     * Sets {@code maxCompletionTokens}.
     *
     * @param maxCompletionTokens output limit
     * @return this builder
     */
    public ChatRequestBuilder maxCompletionTokens(int maxCompletionTokens) {
        this.maxCompletionTokens = Optional.of(maxCompletionTokens);
        return this;
    }

    /**
     * Sets {@code presencePenalty}.
     *
     * @param presencePenalty presence penalty
     * @return this builder
     */
    public ChatRequestBuilder presencePenalty(double presencePenalty) {
        this.presencePenalty = Optional.of(presencePenalty);
        return this;
    }

    /**
     * Sets {@code frequencyPenalty}.
     *
     * @param frequencyPenalty frequency penalty
     * @return this builder
     */
    public ChatRequestBuilder frequencyPenalty(double frequencyPenalty) {
        this.frequencyPenalty = Optional.of(frequencyPenalty);
        return this;
    }

    /**
     * Sets {@code logitBias}.
     *
     * @param logitBias token biases
     * @return this builder
     */
    public ChatRequestBuilder logitBias(Map<String, Double> logitBias) {
        this.logitBias = logitBias;
        return this;
    }

    /**
     * Sets {@code logprobs}.
     *
     * @param logprobs whether to return log probabilities
     * @return this builder
     */
    public ChatRequestBuilder logprobs(boolean logprobs) {
        this.logprobs = Optional.of(logprobs);
        return this;
    }

    /**
     * Sets {@code topLogprobs}.
     *
     * @param topLogprobs how many log probabilities per token
     * @return this builder
     */
    public ChatRequestBuilder topLogprobs(int topLogprobs) {
        this.topLogprobs = Optional.of(topLogprobs);
        return this;
    }

    /**
     * Sets {@code user}.
     *
     * @param user end-user id
     * @return this builder
     */
    public ChatRequestBuilder user(String user) {
        this.user = Optional.of(user);
        return this;
    }

    /**
     * Sets {@code seed}.
     *
     * @param seed sampling seed
     * @return this builder
     */
    public ChatRequestBuilder seed(long seed) {
        this.seed = Optional.of(seed);
        return this;
    }

    /**
     * Sets {@code tools}.
     *
     * @param tools tool definitions
     * @return this builder
     */
    public ChatRequestBuilder tools(List<Tool> tools) {
        this.tools = tools;
        return this;
    }

    /**
     * Sets {@code toolChoice}.
     *
     * @param toolChoice how tools may be chosen
     * @return this builder
     */
    public ChatRequestBuilder toolChoice(ToolChoice toolChoice) {
        this.toolChoice = Optional.of(toolChoice);
        return this;
    }

    /**
     * Sets {@code parallelToolCalls}.
     *
     * @param parallelToolCalls whether several tool calls may come in one turn
     * @return this builder
     */
    public ChatRequestBuilder parallelToolCalls(boolean parallelToolCalls) {
        this.parallelToolCalls = Optional.of(parallelToolCalls);
        return this;
    }

    /**
     * Sets {@code responseFormat}.
     *
     * @param responseFormat the output format
     * @return this builder
     */
    public ChatRequestBuilder responseFormat(ResponseFormat responseFormat) {
        this.responseFormat = Optional.of(responseFormat);
        return this;
    }

    /**
     * Sets {@code reasoningEffort}.
     *
     * @param reasoningEffort reasoning effort
     * @return this builder
     */
    public ChatRequestBuilder reasoningEffort(String reasoningEffort) {
        this.reasoningEffort = Optional.of(reasoningEffort);
        return this;
    }

    /**
     * Replaces every other top-level field.
     *
     * @param extra the fields ogem does not model, by name
     * @return this builder
     */
    public ChatRequestBuilder extra(Map<String, JsonNode> extra) {
        this.extra = new LinkedHashMap<>(extra);
        this.extraShared = false;
        return this;
    }

    /**
     * Adds or replaces one top-level field that ogem does not model.
     *
     * @param name  the field name
     * @param value its value
     * @return this builder
     */
    public ChatRequestBuilder extra(String name, JsonNode value) {
        if (extraShared) {
            extra = new LinkedHashMap<>(extra);
            extraShared = false;
        }
        extra.put(name, value);
        return this;
    }

    /**
     * Sets the request in the caller's own protocol, for clients that speak it ({@link NativeRequest}).
     *
     * @param nativeRequest the native request
     * @return this builder
     */
    public ChatRequestBuilder nativeRequest(NativeRequest nativeRequest) {
        this.nativeRequest = Optional.of(nativeRequest);
        return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ChatRequest build() {
        extraShared = true;
        return new ChatRequest(model, messages, temperature, topP, n, stream, streamOptions, stop, maxTokens,
                maxCompletionTokens, presencePenalty, frequencyPenalty, logitBias, logprobs, topLogprobs, user,
                seed, tools, toolChoice, parallelToolCalls, responseFormat, reasoningEffort, extra, nativeRequest);
    }
}

package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ResponseFormat;
import dev.ogem.api.Tool;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.RequestImages;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An OpenAI Chat Completions request → a Gemini {@code GenerateContentRequest}.
 *
 * <p>Sampling parameters are renames (see {@link #GENERATION}). {@code reasoning_effort} becomes
 * {@code thinkingConfig.thinkingBudget} (none 0, minimal 128, low 1024, medium 2048, high 4096;
 * thoughts included except for none); the budget is understood by Gemini 2.5 and 3 on both hosts.
 * What Gemini cannot do is refused with a 400 naming the field ({@link #UNSUPPORTED}), never dropped.
 * {@code user}, {@code metadata}, {@code store} and {@code service_tier} do not change the answer and
 * are not forwarded.
 */
final class GeminiRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** OpenAI parameter → {@code generationConfig} field. */
    private static final List<Param> GENERATION = List.of(
            new Param("maxOutputTokens", ChatRequest::outputLimit),
            new Param("temperature", ChatRequest::temperature),
            new Param("topP", ChatRequest::topP),
            new Param("topK", r -> Optional.ofNullable(r.extra().get("top_k"))),
            new Param("candidateCount", ChatRequest::n),
            new Param("seed", ChatRequest::seed),
            new Param("presencePenalty", ChatRequest::presencePenalty),
            new Param("frequencyPenalty", ChatRequest::frequencyPenalty),
            new Param("stopSequences", r -> Optional.of(r.stop()).filter(s -> !s.isEmpty())),
            new Param("responseLogprobs", r -> r.logprobs().filter(Boolean::booleanValue)),
            new Param("logprobs", r -> r.logprobs().filter(Boolean::booleanValue).flatMap(on -> r.topLogprobs())));

    /** OpenAI parameters Gemini cannot honour, when set in a way that changes the answer. */
    private static final Map<String, Predicate<ChatRequest>> UNSUPPORTED = Map.of(
            "logit_bias", r -> !r.logitBias().isEmpty(),
            "parallel_tool_calls", r -> r.parallelToolCalls().equals(Optional.of(false)) && r.tools().size() > 1,
            "top_logprobs", r -> r.topLogprobs().isPresent() && !r.logprobs().orElse(false),
            "functions", r -> !r.extra().getOrDefault("functions", NullNode.getInstance()).isNull(),
            "function_call", r -> !r.extra().getOrDefault("function_call", NullNode.getInstance()).isNull());

    /** {@code tool_choice} mode → {@code functionCallingConfig.mode}. */
    private static final Map<String, String> TOOL_MODES = Map.of(
            "auto", "AUTO", "none", "NONE", "required", "ANY", "function", "ANY");

    /** {@code reasoning_effort} → {@code thinkingBudget}. */
    private static final Map<String, Integer> THINKING_BUDGETS = Map.of(
            "none", 0, "minimal", 128, "low", 1024, "medium", 2048, "high", 4096);

    private final GeminiDialect dialect;
    private final ImageFetcher images;
    private final Set<String> gcsBuckets;

    /**
     * A translator.
     *
     * @param dialect    the host's dialect
     * @param images     downloads image URLs, each request's counted on its own
     * @param gcsBuckets the buckets whose {@code gs://} image URLs may be passed on (Vertex only)
     */
    GeminiRequests(GeminiDialect dialect, ImageFetcher images, Set<String> gcsBuckets) {
        this.dialect = dialect;
        this.images = images;
        this.gcsBuckets = Set.copyOf(gcsBuckets);
    }

    /**
     * The image downloads of one request, to hold until its upstream call is over.
     *
     * @return a fresh count, holding nothing yet
     */
    RequestImages forRequest() {
        return images.forRequest();
    }

    /**
     * Translates a request, its downloaded images held only while it is translated (for tests and benchmarks; a
     * client holds them over its upstream call with {@link #build(ChatRequest, RequestImages)}).
     *
     * @param request the OpenAI request
     * @return the GenerateContentRequest body
     * @throws CallerException when the request asks for something Gemini cannot do
     */
    ObjectNode build(ChatRequest request) {
        try (RequestImages downloads = forRequest()) {
            return build(request, downloads);
        }
    }

    /**
     * Translates a request.
     *
     * @param request   the OpenAI request
     * @param downloads the request's image downloads, held until the caller closes them
     * @return the GenerateContentRequest body
     * @throws CallerException when the request asks for something Gemini cannot do
     */
    ObjectNode build(ChatRequest request, RequestImages downloads) {
        UNSUPPORTED.forEach((field, present) -> {
            if (present.test(request)) {
                throw CallerException.invalid("'" + field + "' is not supported by Gemini models in this form.", field);
            }
        });
        ObjectNode body = NODES.objectNode();
        GeminiMessages messages = new GeminiMessages(new GeminiImages(dialect, downloads, gcsBuckets));
        GeminiMessages.Conversation conversation = messages.translate(request.messages());
        body.set("contents", conversation.contents());
        conversation.system().ifPresent(system -> body.set("systemInstruction", system));
        tools(request, body);
        ObjectNode config = NODES.objectNode();
        for (Param param : GENERATION) {
            param.value().apply(request).ifPresent(v -> config.set(param.gemini(), OpenAiJson.valueToTree(v)));
        }
        request.responseFormat().ifPresent(format -> responseFormat(format, config));
        request.reasoningEffort().ifPresent(effort -> thinking(effort, config));
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    private static void tools(ChatRequest request, ObjectNode body) {
        if (request.tools().isEmpty()) {
            return;
        }
        ArrayNode declarations = NODES.arrayNode();
        for (int i = 0; i < request.tools().size(); i++) {
            Tool tool = request.tools().get(i);
            String at = "tools[" + i + "]";
            Tool.Function function = tool.function().filter(f -> tool.type().equals("function"))
                    .orElseThrow(() -> CallerException.invalid("Only function tools are supported.", at + ".type"));
            ObjectNode declaration = declarations.addObject().put("name", function.name());
            function.description().ifPresent(d -> declaration.put("description", d));
            GeminiSchemas.parameters(function.parameters()).ifPresent(s -> declaration.set("parametersJsonSchema", s));
        }
        body.putArray("tools").addObject().set("functionDeclarations", declarations);
        request.toolChoice().ifPresent(choice -> {
            ObjectNode calling = body.putObject("toolConfig").putObject("functionCallingConfig");
            calling.put("mode", Optional.ofNullable(TOOL_MODES.get(choice.mode())).orElseThrow(() ->
                    CallerException.invalid("Unsupported tool_choice '" + choice.mode() + "'.", "tool_choice")));
            choice.functionName().filter(name -> choice.mode().equals("function"))
                    .ifPresent(name -> calling.putArray("allowedFunctionNames").add(name));
        });
    }

    private static void responseFormat(ResponseFormat format, ObjectNode config) {
        switch (format.type()) {
            case "text" -> { }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                format.jsonSchema().flatMap(ResponseFormat.JsonSchema::schema)
                        .ifPresent(schema -> config.set("responseJsonSchema", GeminiSchemas.response(schema)));
            }
            default -> throw CallerException.invalid("Unsupported response_format type '" + format.type() + "'.",
                    "response_format.type");
        }
    }

    private static void thinking(String effort, ObjectNode config) {
        Integer budget = THINKING_BUDGETS.get(effort);
        if (budget == null) {
            throw CallerException.invalid("Unsupported reasoning_effort '" + effort + "'.", "reasoning_effort");
        }
        ObjectNode thinking = config.putObject("thinkingConfig").put("thinkingBudget", budget);
        if (budget > 0) {
            thinking.put("includeThoughts", true);
        }
    }

    /** One renamed parameter. */
    private record Param(String gemini, Function<ChatRequest, Optional<?>> value) {
    }
}

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
 * An OpenAI embeddings answer: a {@code list} of {@link Embedding}s, one per input item at its index.
 *
 * @param object {@code list}
 * @param data   the embeddings
 * @param model  the model that answered
 * @param usage  the input tokens (an OpenAI-protocol server may leave them out)
 * @param extra  other fields, kept as received
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record EmbeddingResponse(String object,
                                List<Embedding> data,
                                String model,
                                Optional<Usage> usage,
                                @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public EmbeddingResponse {
        object = object == null ? "list" : object;
        data = Lists.orEmpty(data);
        model = model == null ? "" : model;
        usage = Optional.ofNullable(usage).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * An answer.
     *
     * @param data  the embeddings
     * @param model the model that answered
     * @param usage the input tokens
     * @return the answer
     */
    public static EmbeddingResponse of(List<Embedding> data, String model, Usage usage) {
        return new EmbeddingResponse("list", data, model, Optional.of(usage), new LinkedHashMap<>());
    }

    /**
     * The same answer with other usage.
     *
     * @param tokens the input tokens
     * @return the copy
     */
    public EmbeddingResponse withUsage(Usage tokens) {
        return new EmbeddingResponse(object, data, model, Optional.of(tokens), new LinkedHashMap<>(extra));
    }

    /**
     * The tokens of an embeddings request: input only.
     *
     * @param promptTokens the input tokens
     * @param totalTokens  the same number
     * @param extra        other fields, kept as received
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
                        @JsonProperty("total_tokens") long totalTokens,
                        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

        /**
         * Checks the counts.
         *
         * @throws IllegalArgumentException for a negative count
         */
        public Usage {
            if (promptTokens < 0 || totalTokens < 0) {
                throw new IllegalArgumentException("A token count in usage is negative: prompt_tokens " + promptTokens
                        + ", total_tokens " + totalTokens + ".");
            }
            extra = extra == null ? new LinkedHashMap<>() : extra;
        }

        /**
         * Usage of {@code tokens} input tokens.
         *
         * @param tokens the input tokens
         * @return the usage
         */
        public static Usage of(long tokens) {
            return new Usage(tokens, tokens, new LinkedHashMap<>());
        }
    }
}

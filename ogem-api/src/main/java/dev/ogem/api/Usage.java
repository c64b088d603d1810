package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token usage of a completion.
 *
 * @param promptTokens            input tokens, cached ones included
 * @param completionTokens        output tokens, reasoning ones included
 * @param totalTokens             prompt + completion
 * @param promptTokensDetails     cached and audio input tokens
 * @param completionTokensDetails reasoning and audio output tokens
 * @param extra                   other fields, kept as received
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Usage(@JsonProperty("prompt_tokens") long promptTokens,
                    @JsonProperty("completion_tokens") long completionTokens,
                    @JsonProperty("total_tokens") long totalTokens,
                    @JsonProperty("prompt_tokens_details") Optional<JsonNode> promptTokensDetails,
                    @JsonProperty("completion_tokens_details") Optional<JsonNode> completionTokensDetails,
                    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /**
     * Normalises absent fields and checks the counts: a token count is never negative.
     *
     * @throws IllegalArgumentException for a negative count (an upstream's garbage, which reading the JSON
     *                                  reports as a malformed answer)
     */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("A token count in usage is negative: prompt_tokens " + promptTokens
                    + ", completion_tokens " + completionTokens + ", total_tokens " + totalTokens + ".");
        }
        promptTokensDetails = Optional.ofNullable(promptTokensDetails).flatMap(o -> o);
        completionTokensDetails = Optional.ofNullable(completionTokensDetails).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * Usage with only the three counts; the total is their sum.
     *
     * @param prompt     input tokens
     * @param completion output tokens
     * @return the usage
     * @throws IllegalArgumentException for a negative count, or counts whose sum overflows
     */
    public static Usage of(long prompt, long completion) {
        return of(prompt, completion, Optional.empty(), Optional.empty());
    }

    /**
     * Usage with the three counts and their details; the total is the sum of the counts.
     *
     * @param prompt            input tokens
     * @param completion        output tokens
     * @param promptDetails     cached and audio input tokens, if known
     * @param completionDetails reasoning and audio output tokens, if known
     * @return the usage
     * @throws IllegalArgumentException for a negative count, or counts whose sum overflows
     */
    public static Usage of(long prompt, long completion, Optional<JsonNode> promptDetails,
                           Optional<JsonNode> completionDetails) {
        long total;
        try {
            total = Math.addExact(prompt, completion);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("The token counts in usage add up to more than a long holds.");
        }
        return new Usage(prompt, completion, total, promptDetails, completionDetails, new LinkedHashMap<>());
    }
}

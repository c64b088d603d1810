package dev.ogem.routing;

import dev.ogem.api.ChatRequest;

/**
 * The router's estimate of a request's input tokens, the one it admits requests with, for callers that
 * must answer a token count without an upstream that counts.
 */
public final class PromptTokens {

    private static final TokenEstimator ESTIMATOR = new TokenEstimator(0);

    private PromptTokens() {
    }

    /**
     * Estimates the input tokens of a request: the text of every message and the tool definitions, counted
     * with the model's tokenizer for OpenAI models and as one token per four characters for the others, plus
     * OpenAI's per-message overhead and a fixed count per image.
     *
     * @param request the request
     * @param model   the canonical model name it goes to
     * @return the tokens
     */
    public static long estimate(ChatRequest request, String model) {
        return ESTIMATOR.prompt(request, model);
    }
}

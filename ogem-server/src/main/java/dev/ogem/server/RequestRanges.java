package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;

import java.util.Map;
import java.util.Optional;

/**
 * Refuses numbers outside the ranges of OpenAI's API reference before anything is estimated, reserved or
 * sent: a negative {@code max_tokens} would lower the token estimate the quota admits by, and an upstream
 * would refuse it anyway. Each refusal is a 400 naming the field and its range.
 */
final class RequestRanges {

    private RequestRanges() {
    }

    static void check(ChatRequest chat) {
        atLeast(chat.maxTokens(), 1, "max_tokens");
        atLeast(chat.maxCompletionTokens(), 1, "max_completion_tokens");
        within(chat.n(), 1, 128, "n");
        within(chat.topLogprobs(), 0, 20, "top_logprobs");
        within(chat.temperature(), 0, 2, "temperature");
        within(chat.topP(), 0, 1, "top_p");
        within(chat.presencePenalty(), -2, 2, "presence_penalty");
        within(chat.frequencyPenalty(), -2, 2, "frequency_penalty");
        for (Map.Entry<String, Double> bias : chat.logitBias().entrySet()) {
            within(Optional.ofNullable(bias.getValue()), -100, 100, "logit_bias");
        }
    }

    private static void atLeast(Optional<Integer> value, int min, String field) {
        if (value.isPresent() && value.get() < min) {
            throw CallerException.invalid("'" + field + "' must be at least " + min + "; it was " + value.get() + ".",
                    field);
        }
    }

    private static void within(Optional<? extends Number> value, double min, double max, String field) {
        if (value.isEmpty()) {
            return;
        }
        double number = value.get().doubleValue();
        // NaN fails both comparisons' negation: !(number >= min) is true for it.
        if (!(number >= min && number <= max)) {
            throw CallerException.invalid("'" + field + "' must be from " + plain(min) + " to " + plain(max)
                    + "; it was " + value.get() + ".", field);
        }
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}

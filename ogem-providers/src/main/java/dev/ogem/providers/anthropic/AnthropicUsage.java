package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ProviderException;
import dev.ogem.api.Usage;

import java.util.Optional;

/**
 * Anthropic usage → OpenAI usage. Anthropic's {@code input_tokens} excludes cached input, so
 * {@code prompt_tokens = input + cache_creation + cache_read}; {@code cached_tokens} is the cache
 * read, {@code cache_write_tokens} the cache creation; {@code completion_tokens = output} (thinking
 * included); {@code total = prompt + completion}, always.
 *
 * <p>Stream usage is cumulative: each field seen replaces the previous value, never adds to it. A count that
 * is not a whole number from 0 up, or counts whose sum overflows, are the upstream's garbage: a
 * {@code BAD_RESPONSE}, never a usage that would credit or drain a quota.
 */
final class AnthropicUsage {

    private long input;
    private long cacheCreation;
    private long cacheRead;
    private long output;

    /**
     * Takes every count present in an Anthropic {@code usage} object, replacing earlier values.
     *
     * @param usage the object, possibly missing
     * @return this
     */
    AnthropicUsage update(JsonNode usage) {
        input = count(usage, "input_tokens").orElse(input);
        cacheCreation = count(usage, "cache_creation_input_tokens").orElse(cacheCreation);
        cacheRead = count(usage, "cache_read_input_tokens").orElse(cacheRead);
        output = count(usage, "output_tokens").orElse(output);
        return this;
    }

    /**
     * The OpenAI usage of the counts so far.
     *
     * @return the usage
     */
    Usage toOpenAi() {
        long prompt;
        try {
            prompt = Math.addExact(Math.addExact(input, cacheCreation), cacheRead);
            Math.addExact(prompt, output);
        } catch (ArithmeticException overflow) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "Anthropic reported token counts that add up to more than a long holds.");
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("cached_tokens", cacheRead);
        if (cacheCreation > 0) {
            details.put("cache_write_tokens", cacheCreation);
        }
        return Usage.of(prompt, output, Optional.of(details), Optional.empty());
    }

    /** A count: absent or {@code null} is none; anything but a whole number from 0 up is the upstream's garbage. */
    private static Optional<Long> count(JsonNode usage, String field) {
        JsonNode value = usage == null ? null : usage.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "Anthropic reported usage." + field + " that is not a token count (a whole number from 0 up).");
        }
        return Optional.of(value.asLong());
    }
}

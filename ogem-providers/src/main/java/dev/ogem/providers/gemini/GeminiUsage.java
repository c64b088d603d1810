package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ogem.api.ProviderException;
import dev.ogem.api.Usage;

import java.util.Optional;

/**
 * Gemini {@code usageMetadata} → OpenAI usage: prompt = {@code promptTokenCount} (cached tokens
 * included, and reported as {@code cached_tokens}); completion = {@code candidatesTokenCount +
 * thoughtsTokenCount}, the thoughts also reported as {@code reasoning_tokens}; total = prompt +
 * completion, always recomputed ({@code totalTokenCount} also counts tool-use prompt tokens). A count that is
 * not a whole number from 0 up is the upstream's garbage: a {@code BAD_RESPONSE}.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    /**
     * Translates usage metadata.
     *
     * @param metadata the {@code usageMetadata} object, or a missing node
     * @return the usage, empty when there is none
     */
    static Optional<Usage> from(JsonNode metadata) {
        if (!metadata.isObject()) {
            return Optional.empty();
        }
        long prompt = count(metadata, "promptTokenCount");
        long thoughts = count(metadata, "thoughtsTokenCount");
        long completion;
        try {
            completion = Math.addExact(count(metadata, "candidatesTokenCount"), thoughts);
            Math.addExact(prompt, completion);
        } catch (ArithmeticException overflow) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "Gemini reported token counts that add up to more than a long holds.");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Optional<JsonNode> promptDetails = metadata.has("cachedContentTokenCount")
                ? Optional.of(nodes.objectNode().put("cached_tokens", count(metadata, "cachedContentTokenCount")))
                : Optional.empty();
        Optional<JsonNode> completionDetails = metadata.has("thoughtsTokenCount")
                ? Optional.of(nodes.objectNode().put("reasoning_tokens", thoughts))
                : Optional.empty();
        return Optional.of(Usage.of(prompt, completion, promptDetails, completionDetails));
    }

    /** A count: absent or {@code null} is 0; anything but a whole number from 0 up is the upstream's garbage. */
    private static long count(JsonNode metadata, String field) {
        JsonNode value = metadata.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "Gemini reported usageMetadata." + field + " that is not a token count (a whole number from 0 up).");
        }
        return value.asLong();
    }
}

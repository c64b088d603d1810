package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ogem.api.Usage;

import java.util.Optional;

/**
 * Gemini {@code usageMetadata} → OpenAI usage: prompt = {@code promptTokenCount} (cached tokens
 * included, and reported as {@code cached_tokens}); completion = {@code candidatesTokenCount +
 * thoughtsTokenCount}, the thoughts also reported as {@code reasoning_tokens}; total = prompt +
 * completion, always recomputed ({@code totalTokenCount} also counts tool-use prompt tokens).
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
        long prompt = metadata.path("promptTokenCount").asLong();
        long thoughts = metadata.path("thoughtsTokenCount").asLong();
        long completion = metadata.path("candidatesTokenCount").asLong() + thoughts;
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Optional<JsonNode> promptDetails = metadata.has("cachedContentTokenCount")
                ? Optional.of(nodes.objectNode().put("cached_tokens", metadata.path("cachedContentTokenCount").asLong()))
                : Optional.empty();
        Optional<JsonNode> completionDetails = metadata.has("thoughtsTokenCount")
                ? Optional.of(nodes.objectNode().put("reasoning_tokens", thoughts))
                : Optional.empty();
        return Optional.of(Usage.of(prompt, completion, promptDetails, completionDetails));
    }
}

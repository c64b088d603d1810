package dev.ogem.providers;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an OpenAI-protocol endpoint ({@code openai} or a custom provider) for APIs beyond chat
 * completions, such as Files and Batches: its base URL and its key, resolved exactly as its chat client
 * resolves them.
 *
 * @param baseUrl the API base, such as {@code https://api.openai.com/v1}
 * @param apiKey  the bearer key; empty for a server that needs none
 */
public record OpenAiAccess(URI baseUrl, Optional<String> apiKey) {

    /** Checks for nulls. */
    public OpenAiAccess {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    @Override
    public String toString() {
        return "OpenAiAccess[" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "***" : "-") + "]";
    }
}

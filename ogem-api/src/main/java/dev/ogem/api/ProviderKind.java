package dev.ogem.api;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a configured provider is. Built-in names have a fixed meaning; any other name is a
 * {@link #CUSTOM} OpenAI-protocol endpoint. This enum is the one place a provider name is interpreted.
 */
public enum ProviderKind {
    /** OpenAI itself. */
    OPENAI("openai", "OPENAI_API_KEY", "https://api.openai.com/v1"),
    /** Gemini API (AI Studio). */
    STUDIO("studio", "GENAI_STUDIO_API_KEY", "https://generativelanguage.googleapis.com"),
    /** Gemini on Vertex AI. */
    VERTEX("vertex", "GOOGLE_CLOUD_PROJECT", ""),
    /** Anthropic Messages API. */
    CLAUDE("claude", "CLAUDE_API_KEY", "https://api.anthropic.com"),
    /** Claude on Vertex AI. */
    VCLAUDE("vclaude", "GOOGLE_CLOUD_PROJECT", ""),
    /** Any OpenAI-protocol server named in the config. */
    CUSTOM("", "", "");

    private final String builtInName;
    private final String keyVariable;
    private final String defaultBaseUrl;

    ProviderKind(String builtInName, String keyVariable, String defaultBaseUrl) {
        this.builtInName = builtInName;
        this.keyVariable = keyVariable;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /**
     * The kind a provider name stands for.
     *
     * @param providerName the key under {@code providers} in the config
     * @return the built-in kind of that name, else {@link #CUSTOM}
     */
    public static ProviderKind ofName(String providerName) {
        return Arrays.stream(values())
                .filter(kind -> kind != CUSTOM && kind.builtInName.equals(providerName))
                .findFirst()
                .orElse(CUSTOM);
    }

    /**
     * The environment variable a built-in provider needs (its key, or the Google Cloud project).
     *
     * @return the variable name; empty for custom providers, which name their own
     */
    public Optional<String> keyVariable() {
        return keyVariable.isEmpty() ? Optional.empty() : Optional.of(keyVariable);
    }

    /**
     * The endpoint used when the config gives no {@code base_url}.
     *
     * @return the default base URL; empty where it depends on the region or there is none
     */
    public Optional<URI> defaultBaseUrl() {
        return defaultBaseUrl.isEmpty() ? Optional.empty() : Optional.of(URI.create(defaultBaseUrl));
    }
}

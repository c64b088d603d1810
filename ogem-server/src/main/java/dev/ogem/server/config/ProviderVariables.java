package dev.ogem.server.config;

import dev.ogem.api.ProviderKind;

import java.util.Optional;

/**
 * The environment variable each built-in provider needs: its API key ({@code OPENAI_API_KEY},
 * {@code GENAI_STUDIO_API_KEY}, {@code CLAUDE_API_KEY}) or, for the Vertex AI providers, the Google Cloud
 * project ({@code GOOGLE_CLOUD_PROJECT}). A custom provider names its own key variable in {@code api_key_env}.
 */
public final class ProviderVariables {

    /** The variable of the Google Cloud project of {@code vertex} and {@code vclaude}. */
    public static final String GOOGLE_CLOUD_PROJECT = "GOOGLE_CLOUD_PROJECT";

    private ProviderVariables() {
    }

    /**
     * The variable a built-in provider needs.
     *
     * @param kind the provider's kind
     * @return the variable; empty for custom providers, which name their own
     */
    public static Optional<String> of(ProviderKind kind) {
        return switch (kind) {
            case OPENAI -> Optional.of("OPENAI_API_KEY");
            case STUDIO -> Optional.of("GENAI_STUDIO_API_KEY");
            case CLAUDE -> Optional.of("CLAUDE_API_KEY");
            case VERTEX, VCLAUDE -> Optional.of(GOOGLE_CLOUD_PROJECT);
            case CUSTOM -> Optional.empty();
        };
    }
}

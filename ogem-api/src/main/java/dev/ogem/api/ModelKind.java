package dev.ogem.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a configured model serves: chat completions or embeddings. A model entry may say it
 * ({@code kind: chat} or {@code kind: embedding}); otherwise a name containing {@code embed}
 * ({@code text-embedding-3-small}, {@code gemini-embedding-001}, {@code nomic-embed-text}) is an embedding
 * model and every other name a chat model.
 */
public enum ModelKind {
    /** Chat completions ({@code /v1/chat/completions}). */
    CHAT("chat", "chat completions"),
    /** Embeddings ({@code /v1/embeddings}). */
    EMBEDDING("embedding", "embeddings");

    private final String configName;
    private final String serves;

    ModelKind(String configName, String serves) {
        this.configName = configName;
        this.serves = serves;
    }

    /**
     * The kind a model name suggests when its entry names none.
     *
     * @param modelName the configured name
     * @return {@link #EMBEDDING} for a name containing {@code embed}, else {@link #CHAT}
     */
    public static ModelKind inferred(String modelName) {
        return modelName.toLowerCase(Locale.ROOT).contains("embed") ? EMBEDDING : CHAT;
    }

    /**
     * The kind a config value names.
     *
     * @param value {@code chat} or {@code embedding}
     * @return the kind, or empty for any other value
     */
    public static Optional<ModelKind> ofConfigName(String value) {
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(value)).findFirst();
    }

    /**
     * The value of {@code kind:} in the config.
     *
     * @return {@code chat} or {@code embedding}
     */
    public String configName() {
        return configName;
    }

    /**
     * What the kind serves, for error messages.
     *
     * @return {@code chat completions} or {@code embeddings}
     */
    public String serves() {
        return serves;
    }
}

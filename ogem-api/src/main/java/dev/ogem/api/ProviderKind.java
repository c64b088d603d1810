package dev.ogem.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a configured provider is. Built-in names have a fixed meaning; any other name is a
 * {@link #CUSTOM} OpenAI-protocol endpoint. This enum is the one place a provider name is interpreted.
 */
public enum ProviderKind {
    /** OpenAI itself. */
    OPENAI("openai"),
    /** Gemini API (AI Studio). */
    STUDIO("studio"),
    /** Gemini on Vertex AI. */
    VERTEX("vertex"),
    /** Anthropic Messages API. */
    CLAUDE("claude"),
    /** Claude on Vertex AI. */
    VCLAUDE("vclaude"),
    /** Any OpenAI-protocol server named in the config. */
    CUSTOM("");

    private final String builtInName;

    ProviderKind(String builtInName) {
        this.builtInName = builtInName;
    }

    /**
     * Whether the provider's protocol has an embeddings API (Claude's has none).
     *
     * @return {@code false} for {@link #CLAUDE} and {@link #VCLAUDE}
     */
    public boolean servesEmbeddings() {
        return this != CLAUDE && this != VCLAUDE;
    }

    /**
     * The protocol besides OpenAI's that this kind of upstream speaks natively, so that a request in it
     * goes through untranslated.
     *
     * @return {@link WireProtocol#ANTHROPIC_MESSAGES} for Claude (direct and on Vertex AI), else empty
     */
    public Optional<WireProtocol> nativeProtocol() {
        return this == CLAUDE || this == VCLAUDE ? Optional.of(WireProtocol.ANTHROPIC_MESSAGES) : Optional.empty();
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
}

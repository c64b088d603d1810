package dev.ogem.server.config;

import dev.ogem.api.Catalog;
import dev.ogem.api.ProviderSpec;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secrets of a gateway, read from the environment and never from the YAML: the gateway key clients send
 * ({@code OPEN_GEMINI_API_KEY}) and each provider's API key (a custom provider's {@code api_key_env} variable,
 * else the built-in one: {@code OPENAI_API_KEY}, {@code CLAUDE_API_KEY}, {@code GENAI_STUDIO_API_KEY};
 * {@code vertex} and {@code vclaude} use Google credentials instead). Each may instead be given in a file named
 * by the variable with {@code _FILE} appended ({@link SecretFiles}), read again at every config reload.
 * {@link #read} is the one function that reads them, so they are read again when the config is.
 * {@link #toString()} shows no value.
 *
 * @param gatewayKey the key clients must send; empty when unset or blank (open access)
 * @param apiKeys    each provider's key by provider name; providers without a key are absent
 */
public record Secrets(Optional<String> gatewayKey, Map<String, String> apiKeys) {

    /** The variable holding the key clients must send. */
    public static final String GATEWAY_KEY = "OPEN_GEMINI_API_KEY";

    /** Checks for nulls and copies the keys. */
    public Secrets {
        Objects.requireNonNull(gatewayKey, "gatewayKey");
        apiKeys = Map.copyOf(apiKeys);
    }

    /**
     * Reads the secrets of the configured providers.
     *
     * @param catalog     the providers
     * @param environment the process environment
     * @return the secrets; blank variables count as unset
     * @throws ConfigException when a {@code _FILE} variable names a file that cannot be read
     */
    public static Secrets read(Catalog catalog, Map<String, String> environment) {
        Map<String, String> apiKeys = new HashMap<>();
        for (ProviderSpec provider : catalog.providers()) {
            keyVariable(provider).flatMap(variable -> SecretFiles.read(environment, variable))
                    .ifPresent(key -> apiKeys.put(provider.name(), key));
        }
        Optional<String> gatewayKey = SecretFiles.read(environment, GATEWAY_KEY);
        return new Secrets(gatewayKey, apiKeys);
    }

    /**
     * The variable holding a provider's API key.
     *
     * @param provider the provider
     * @return {@code api_key_env}, else the built-in variable; empty for Google-credential providers and for a
     *         custom provider that needs no key
     */
    static Optional<String> keyVariable(ProviderSpec provider) {
        return switch (provider.kind()) {
            case VERTEX, VCLAUDE -> Optional.empty();
            case OPENAI, STUDIO, CLAUDE, CUSTOM -> provider.apiKeyEnv().or(() -> ProviderVariables.of(provider.kind()));
        };
    }

    /**
     * Which secrets are set, without their values.
     *
     * @return a summary safe to log
     */
    @Override
    public String toString() {
        return "Secrets[gatewayKey=" + (gatewayKey.isPresent() ? "set" : "unset") + ", apiKeys for "
                + apiKeys.keySet().stream().sorted().toList() + "]";
    }
}

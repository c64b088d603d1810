package dev.ogem.providers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the provider clients need besides the catalog.
 *
 * @param environment    where API keys and the Google Cloud project are read from
 * @param connectTimeout the longest a connection may take to open
 * @param readTimeout    the longest an upstream may stay silent (before the first byte, and between chunks)
 */
public record ProviderSettings(Map<String, String> environment, Duration connectTimeout, Duration readTimeout) {

    /** Copies the environment. */
    public ProviderSettings {
        environment = Map.copyOf(environment);
    }

    /**
     * Settings with default timeouts: 10 s to connect, 300 s of upstream silence.
     *
     * @param environment where keys are read from
     * @return the settings
     */
    public static ProviderSettings of(Map<String, String> environment) {
        return new ProviderSettings(environment, Duration.ofSeconds(10), Duration.ofSeconds(300));
    }

    /**
     * A non-empty environment variable.
     *
     * @param name the variable
     * @return its value
     */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }
}

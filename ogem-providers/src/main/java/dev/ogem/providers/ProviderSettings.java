package dev.ogem.providers;

import dev.ogem.api.RateLimitListener;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the provider clients need besides the catalog.
 *
 * @param environment    where API keys and the Google Cloud project are read from
 * @param connectTimeout the longest a connection may take to open
 * @param readTimeout    the longest an upstream may stay silent (before the first byte, and between chunks)
 * @param rateLimits     told when an upstream's rate-limit headers say its limit is used up
 *                       (see {@code dev.ogem.providers.http.RateLimitHeaders})
 */
public record ProviderSettings(Map<String, String> environment, Duration connectTimeout, Duration readTimeout,
                               RateLimitListener rateLimits) {

    /** Copies the environment. */
    public ProviderSettings {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(rateLimits, "rateLimits");
    }

    /**
     * Settings that ignore upstream rate-limit headers.
     *
     * @param environment    where keys are read from
     * @param connectTimeout the longest a connection may take to open
     * @param readTimeout    the longest an upstream may stay silent
     */
    public ProviderSettings(Map<String, String> environment, Duration connectTimeout, Duration readTimeout) {
        this(environment, connectTimeout, readTimeout, RateLimitListener.NONE);
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
     * The same settings, telling {@code listener} about exhausted upstream limits.
     *
     * @param listener who hears the hints, e.g. {@code Router.upstreamLimits(store)}
     * @return a copy
     */
    public ProviderSettings withRateLimits(RateLimitListener listener) {
        return new ProviderSettings(environment, connectTimeout, readTimeout, listener);
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

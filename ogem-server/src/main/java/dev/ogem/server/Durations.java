package dev.ogem.server;

import dev.ogem.server.config.GoDuration;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Reads durations from the environment and from request headers: a Go duration, or plain seconds. */
final class Durations {

    private Durations() {
    }

    /**
     * Parses {@code 30} (seconds), {@code 1.5} (seconds) or a Go duration such as {@code 90s} or {@code 1m30s}.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException when it is neither
     */
    static Duration parse(String text) {
        String trimmed = text.trim();
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofNanos((long) (Double.parseDouble(trimmed) * 1e9));
        }
        return GoDuration.parse(trimmed);
    }

    /**
     * A positive duration from an environment variable, or the default.
     *
     * @param environment the variables
     * @param name        the variable
     * @param fallback    the default
     * @return the duration
     * @throws IllegalArgumentException naming the variable when it is malformed or not positive
     */
    static Duration positive(Map<String, String> environment, String name, Duration fallback) {
        Optional<String> value = Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            Duration parsed = parse(value.get());
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "=" + value.get() + " is not a positive duration (e.g. 30s, 10m): "
                    + e.getMessage(), e);
        }
    }
}

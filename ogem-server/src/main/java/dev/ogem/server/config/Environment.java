package dev.ogem.server.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validated reads of the gateway's environment variables; the only place settings are read from it
 * (the secrets are read by {@link Secrets}). A blank variable counts as unset. Every problem is a
 * {@link ConfigException} naming the variable and the reason, with the value quoted, such as
 * {@code MAX_REQUEST_BYTES: not a whole number: "abc"}; only non-secret variables are read here.
 */
final class Environment {

    private final Map<String, String> variables;

    Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The process environment as given, for the secrets. */
    Map<String, String> variables() {
        return variables;
    }

    /**
     * A variable's value, trimmed.
     *
     * @param name the variable
     * @return its value, or empty when unset or blank
     */
    Optional<String> text(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * A positive duration: plain seconds ({@code 30}, {@code 1.5}) or a Go duration ({@code 90s}, {@code 1m30s}).
     *
     * @param name     the variable
     * @param fallback the default
     * @return the duration
     */
    Duration positiveDuration(String name, Duration fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration duration;
        try {
            duration = GoDuration.parseOrSeconds(value.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "not a duration: " + quoted(value.get())
                    + " (seconds, or a Go duration such as 300ms, 30s, 10m or 1h30m)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException(name, "must be positive: " + quoted(value.get()));
        }
        return duration;
    }

    /**
     * A whole number within bounds; underscores ({@code 10_000}) are accepted as in the YAML.
     *
     * @param name     the variable
     * @param fallback the default
     * @param min      the least value allowed (0 or more)
     * @param max      the greatest value allowed
     * @return the number
     */
    long wholeNumber(String name, long fallback, long min, long max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        long number = ConfigTree.wholeNumber(value.get(), name, "not a whole number: " + quoted(value.get()),
                "must not be negative: " + quoted(value.get()));
        if (number < min) {
            throw new ConfigException(name, "must be at least " + min + ": " + quoted(value.get()));
        }
        if (number > max) {
            throw new ConfigException(name, "must be at most " + max + ": " + quoted(value.get()));
        }
        return number;
    }

    /**
     * A comma-separated list of names, each trimmed; empty entries are dropped.
     *
     * @param name the variable
     * @return the names; empty when unset
     */
    List<String> names(String name) {
        return text(name).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    /**
     * A switch: {@code true} or {@code 1}, {@code false} or {@code 0}, in any case.
     *
     * @param name the variable
     * @return its value; false when unset
     */
    boolean flag(String name) {
        return flag(name, false);
    }

    /**
     * A switch with a default: {@code true} or {@code 1}, {@code false} or {@code 0}, in any case.
     *
     * @param name     the variable
     * @param fallback its value when unset
     * @return its value
     */
    boolean flag(String name, boolean fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ConfigException(name, "not true or false: " + quoted(value.get()));
        };
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}

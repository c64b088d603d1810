package dev.ogem.server.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, path-aware access to the parsed YAML tree: every mismatch is a {@link ConfigException} naming the path. */
final class ConfigTree {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9][0-9_]*");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ConfigTree() {
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A mapping; null (an empty YAML value) is an empty mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(Object value, String path) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        throw new ConfigException(path, "must be a mapping (key: value lines), not " + describe(value));
    }

    /** A list; null (an empty YAML value) is an empty list. */
    @SuppressWarnings("unchecked")
    static List<Object> sequence(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        throw new ConfigException(path, "must be a list, not " + describe(value));
    }

    /** A non-blank text value, trimmed. */
    static String text(Object value, String path) {
        if (value == null) {
            throw new ConfigException(path, "is required");
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new ConfigException(path, "must be a text value, not " + describe(value));
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            throw new ConfigException(path, "must not be empty");
        }
        return text;
    }

    /** A non-negative whole number; underscores ({@code 10_000}) and quotes are accepted, null is 0. */
    static long count(Object value, String path) {
        if (value == null) {
            return 0;
        }
        String text = value instanceof Number || value instanceof String ? value.toString().trim() : "";
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new ConfigException(path, "must be a whole number such as 60 or 10_000");
        }
        BigInteger number = new BigInteger(text.replace("_", ""));
        if (number.signum() < 0) {
            throw new ConfigException(path, "must not be negative (0 or absent means unlimited)");
        }
        if (number.compareTo(LONG_MAX) > 0) {
            throw new ConfigException(path, "is too large");
        }
        return number.longValue();
    }

    /** Rejects keys outside the schema, so that typos such as {@code other_name} do not pass silently. */
    static void allowOnly(Map<String, Object> mapping, Set<String> allowed, String path) {
        for (String key : mapping.keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigException(child(path, key), "unknown key; expected one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    /** The kind of a value, never its content (it could be a secret). */
    static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return value == null ? "empty" : "a single value";
    }
}

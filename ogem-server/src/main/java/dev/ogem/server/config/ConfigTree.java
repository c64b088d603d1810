package dev.ogem.server.config;

import io.helidon.config.Config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, path-aware access to one node of the Helidon config tree that {@link YamlParser} built: every mismatch
 * is a {@link ConfigException} naming the path the way users write it, such as
 * {@code providers.vertex.regions.us-central1.models[2].rpm}. Mappings come back in document order (see
 * {@link YamlParser}); a missing key and an empty YAML value are both absent.
 */
final class ConfigTree {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9][0-9_]*");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final Config node;
    private final String path;

    private ConfigTree(Config node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * The root of a parsed document.
     *
     * @param config the tree from {@link YamlParser#parse}
     * @return the root node, path {@code ""}
     */
    static ConfigTree root(Config config) {
        return new ConfigTree(config, "");
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /** The path as shown in messages; the root is {@code (root)}. */
    static String display(String path) {
        return path.isEmpty() ? "(root)" : path;
    }

    /** Where this node is, as users write it. */
    String path() {
        return path;
    }

    /** A member of this mapping (absent when this is not a mapping or has no such key). */
    ConfigTree get(String key) {
        return new ConfigTree(node.get(Config.Key.escapeName(key)), child(path, key));
    }

    /**
     * Whether the key is missing or its YAML value is empty ({@code key:} or {@code ~}). The root is always a
     * mapping (Helidon keeps no value on the root, so it carries no order either).
     */
    boolean isAbsent() {
        return !node.exists() || node.type() == Config.Type.OBJECT && !node.hasValue() && !node.key().isRoot();
    }

    /** A mapping's members in document order; absent is an empty mapping. */
    Map<String, ConfigTree> mapping() {
        if (isAbsent()) {
            return Map.of();
        }
        if (node.type() != Config.Type.OBJECT) {
            throw new ConfigException(display(path), "must be a mapping (key: value lines), not " + describe());
        }
        Map<String, ConfigTree> members = new LinkedHashMap<>();
        String order = node.asString().orElse("");
        if (!order.isEmpty()) {
            for (String escaped : order.split("\\.", -1)) {
                String key = Config.Key.unescapeName(escaped);
                members.put(key, get(key));
            }
        }
        // A tree from another parser carries no order: its members follow in Helidon's order.
        node.asNodeList().orElse(List.of()).forEach(member -> members.computeIfAbsent(member.name(), this::get));
        return members;
    }

    /** A list's elements; absent is an empty list. */
    List<ConfigTree> sequence() {
        if (isAbsent()) {
            return List.of();
        }
        if (node.type() != Config.Type.LIST) {
            throw new ConfigException(display(path), "must be a list, not " + describe());
        }
        List<Config> elements = node.asNodeList().orElse(List.of());
        List<ConfigTree> result = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            result.add(new ConfigTree(elements.get(i), index(path, i)));
        }
        return result;
    }

    /** A scalar as written, or empty when this is absent, a mapping or a list. */
    Optional<String> scalar() {
        return node.type() == Config.Type.VALUE ? node.asString().asOptional() : Optional.empty();
    }

    /** A non-blank text value, trimmed. */
    String text() {
        if (isAbsent()) {
            throw new ConfigException(path, "is required");
        }
        String text = scalar().orElseThrow(() -> new ConfigException(path, "must be a text value, not " + describe()))
                .trim();
        if (text.isEmpty()) {
            throw new ConfigException(path, "must not be empty");
        }
        return text;
    }

    /** A non-blank text value, trimmed, or empty when absent. */
    Optional<String> optionalText() {
        return isAbsent() ? Optional.empty() : Optional.of(text());
    }

    /** A non-negative whole number; underscores ({@code 10_000}) and quotes are accepted, absent is 0. */
    long count() {
        if (isAbsent()) {
            return 0;
        }
        return wholeNumber(scalar().orElse(""), path, "must be a whole number such as 60 or 10_000",
                "must not be negative (0 or absent means unlimited)");
    }

    /** Rejects keys outside the schema, so that typos such as {@code other_name} do not pass silently. */
    void allowOnly(Set<String> allowed) {
        for (String key : mapping().keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigException(child(path, key), "unknown key; expected one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    /** The kind of this node, never its content (it could be a secret). */
    String describe() {
        if (isAbsent()) {
            return "empty";
        }
        return switch (node.type()) {
            case OBJECT -> "a mapping";
            case LIST -> "a list";
            default -> "a single value";
        };
    }

    /** Whether this is a mapping (not absent). */
    boolean isMapping() {
        return !isAbsent() && node.type() == Config.Type.OBJECT;
    }

    /** Whether this is a list. */
    boolean isList() {
        return node.type() == Config.Type.LIST;
    }

    /**
     * A non-negative whole number, parsed the same way for the YAML and for environment variables; underscores
     * ({@code 10_000}) are accepted.
     *
     * @param text     the text, trimmed here
     * @param path     what to name in an error: a config path or a variable
     * @param notWhole the reason when it is not a whole number
     * @param negative the reason when it is negative
     * @return the number
     */
    static long wholeNumber(String text, String path, String notWhole, String negative) {
        String trimmed = text.trim();
        if (!WHOLE_NUMBER.matcher(trimmed).matches()) {
            throw new ConfigException(path, notWhole);
        }
        BigInteger number = new BigInteger(trimmed.replace("_", ""));
        if (number.signum() < 0) {
            throw new ConfigException(path, negative);
        }
        if (number.compareTo(LONG_MAX) > 0) {
            throw new ConfigException(path, "is too large");
        }
        return number.longValue();
    }
}

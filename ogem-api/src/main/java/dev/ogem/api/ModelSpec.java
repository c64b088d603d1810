package dev.ogem.api;

import java.util.List;
import java.util.stream.Stream;

/**
 * A model as configured in one region.
 *
 * @param name       the canonical name sent upstream
 * @param otherNames aliases callers may use instead
 * @param rateKey    the bucket its limits count in; models sharing a key share limits
 * @param rpm        requests per minute, 0 for unlimited
 * @param tpm        tokens per minute, 0 for unlimited
 * @param kind       what it serves: chat completions or embeddings
 */
public record ModelSpec(String name, List<String> otherNames, String rateKey, long rpm, long tpm, ModelKind kind) {

    /** Copies the aliases, defaults the rate key to the name and the kind to the one the name suggests. */
    public ModelSpec {
        otherNames = Lists.orEmpty(otherNames);
        rateKey = rateKey == null || rateKey.isBlank() ? name : rateKey;
        kind = kind == null ? ModelKind.inferred(name) : kind;
    }

    /**
     * A model whose kind is the one its name suggests ({@link ModelKind#inferred}).
     *
     * @param name       the canonical name sent upstream
     * @param otherNames aliases callers may use instead
     * @param rateKey    the bucket its limits count in
     * @param rpm        requests per minute, 0 for unlimited
     * @param tpm        tokens per minute, 0 for unlimited
     */
    public ModelSpec(String name, List<String> otherNames, String rateKey, long rpm, long tpm) {
        this(name, otherNames, rateKey, rpm, tpm, null);
    }

    /**
     * A model known by its name alone: no aliases, its own rate key, no limits, the kind its name suggests.
     *
     * @param name the canonical name sent upstream
     * @return the model
     */
    public static ModelSpec named(String name) {
        return new ModelSpec(name, List.of(), name, 0, 0, null);
    }

    /**
     * Whether a caller's name means this model.
     *
     * @param requested the name as the caller wrote it
     * @return true for the name or one of its aliases
     */
    public boolean answersTo(String requested) {
        return name.equals(requested) || otherNames.contains(requested);
    }

    /**
     * The name and the aliases.
     *
     * @return every name this model answers to
     */
    public Stream<String> allNames() {
        return Stream.concat(Stream.of(name), otherNames.stream());
    }
}

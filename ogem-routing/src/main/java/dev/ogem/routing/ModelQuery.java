package dev.ogem.routing;

import dev.ogem.api.CallerException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a model string: a model name, optionally narrowed to a provider and a region.
 * An empty provider or region segment means any. A name ending with {@value #BATCH_SUFFIX} asks for the
 * batch lane; the suffix is part of the name matched against the catalog.
 *
 * @param provider the provider, if named
 * @param region   the region, if named
 * @param model    the model name or alias, as written (with its {@code @batch} suffix, if any)
 * @param text     the entry as written, for error messages
 * @param batch    whether the name ends with {@value #BATCH_SUFFIX}
 */
record ModelQuery(Optional<String> provider, Optional<String> region, String model, String text, boolean batch) {

    /** The suffix of a model name that asks for the batch lane. */
    static final String BATCH_SUFFIX = "@batch";
    /** The most entries a model chain may have. */
    static final int MAX_CHAIN_ENTRIES = 16;
    /** The longest model string, in characters (a chain of {@value #MAX_CHAIN_ENTRIES} long names fits). */
    static final int MAX_MODEL_LENGTH = 1024;

    /**
     * Reads a model string: comma-separated entries, each with at most three slash-separated parts. The
     * string is measured before it is split, so a huge one costs nothing but its refusal.
     *
     * @param modelString the {@code model} field of a request
     * @return the entries in order
     * @throws CallerException for an empty string, one longer than {@value #MAX_MODEL_LENGTH} characters, a chain
     *                         of more than {@value #MAX_CHAIN_ENTRIES} entries, an empty entry, or an entry of more
     *                         than three parts
     */
    static List<ModelQuery> parseChain(String modelString) {
        if (modelString.isBlank()) {
            throw CallerException.invalid("'model' is required.", "model");
        }
        if (modelString.length() > MAX_MODEL_LENGTH) {
            throw CallerException.invalid("The model string is " + modelString.length() + " characters long; at most "
                    + MAX_MODEL_LENGTH + " are allowed.", "model");
        }
        long entries = modelString.chars().filter(c -> c == ',').count() + 1;
        if (entries > MAX_CHAIN_ENTRIES) {
            throw CallerException.invalid("The model chain has " + entries + " entries; at most " + MAX_CHAIN_ENTRIES
                    + " are allowed.", "model");
        }
        return Arrays.stream(modelString.split(",", -1)).map(String::trim).map(ModelQuery::parse).toList();
    }

    private static ModelQuery parse(String entry) {
        if (entry.isEmpty()) {
            throw CallerException.invalid("The model chain has an empty entry.", "model");
        }
        String[] parts = entry.split("/", -1);
        return switch (parts.length) {
            case 1 -> of(Optional.empty(), Optional.empty(), parts[0], entry);
            case 2 -> of(segment(parts[0]), Optional.empty(), required(parts[1], entry), entry);
            case 3 -> of(segment(parts[0]), segment(parts[1]), required(parts[2], entry), entry);
            default -> throw CallerException.invalid("The model '" + entry
                    + "' has more than three parts; use name, provider/name or provider/region/name.", "model");
        };
    }

    /**
     * Whether a model name (as written, or as configured) asks for the batch lane.
     *
     * @param name such as {@code gpt-4o@batch}
     * @return {@code true} when it ends with {@value #BATCH_SUFFIX} and has a name before it
     */
    static boolean isBatch(String name) {
        return name.endsWith(BATCH_SUFFIX) && name.length() > BATCH_SUFFIX.length();
    }

    /**
     * A model name without its batch suffix: what a batch job (or a latency ping) sends.
     *
     * @param name such as {@code gpt-4o@batch}
     * @return {@code gpt-4o}, or the name itself when it has no suffix
     */
    static String withoutBatchSuffix(String name) {
        return isBatch(name) ? name.substring(0, name.length() - BATCH_SUFFIX.length()) : name;
    }

    private static ModelQuery of(Optional<String> provider, Optional<String> region, String model, String entry) {
        return new ModelQuery(provider, region, model, entry, isBatch(model));
    }

    private static Optional<String> segment(String part) {
        return part.isEmpty() ? Optional.empty() : Optional.of(part);
    }

    private static String required(String model, String entry) {
        if (model.isEmpty()) {
            throw CallerException.invalid("The model '" + entry + "' names no model.", "model");
        }
        return model;
    }
}

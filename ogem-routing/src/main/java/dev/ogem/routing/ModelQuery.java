package dev.ogem.routing;

import dev.ogem.api.CallerException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a model string: a model name, optionally narrowed to a provider and a region.
 * An empty provider or region segment means any.
 *
 * @param provider the provider, if named
 * @param region   the region, if named
 * @param model    the model name or alias
 * @param text     the entry as written, for error messages
 */
record ModelQuery(Optional<String> provider, Optional<String> region, String model, String text) {

    /**
     * Reads a model string: comma-separated entries, each with at most three slash-separated parts.
     *
     * @param modelString the {@code model} field of a request
     * @return the entries in order
     * @throws CallerException for an empty string, an empty entry, or an entry of more than three parts
     */
    static List<ModelQuery> parseChain(String modelString) {
        if (modelString.isBlank()) {
            throw CallerException.invalid("'model' is required.", "model");
        }
        return Arrays.stream(modelString.split(",", -1)).map(String::trim).map(ModelQuery::parse).toList();
    }

    private static ModelQuery parse(String entry) {
        if (entry.isEmpty()) {
            throw CallerException.invalid("The model chain has an empty entry.", "model");
        }
        String[] parts = entry.split("/", -1);
        return switch (parts.length) {
            case 1 -> new ModelQuery(Optional.empty(), Optional.empty(), parts[0], entry);
            case 2 -> new ModelQuery(segment(parts[0]), Optional.empty(), required(parts[1], entry), entry);
            case 3 -> new ModelQuery(segment(parts[0]), segment(parts[1]), required(parts[2], entry), entry);
            default -> throw CallerException.invalid("The model '" + entry
                    + "' has more than three parts; use name, provider/name or provider/region/name.", "model");
        };
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

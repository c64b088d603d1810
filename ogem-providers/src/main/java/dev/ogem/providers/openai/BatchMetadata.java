package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The {@code metadata} of a created batch, within the spec's bounds: at most 16 pairs, keys of at most
 * 64 characters, values of at most 512.
 */
final class BatchMetadata {
    static final int MAX_PAIRS = 16;
    static final int MAX_KEY = 64;
    static final int MAX_VALUE = 512;

    private BatchMetadata() {
    }

    /**
     * The metadata as a JSON object.
     *
     * @param metadata the pairs
     * @return the object
     * @throws IllegalArgumentException when a bound is broken
     */
    static ObjectNode of(Map<String, String> metadata) {
        if (metadata.size() > MAX_PAIRS) {
            throw new IllegalArgumentException("batch metadata holds at most " + MAX_PAIRS + " pairs");
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_KEY || value.length() > MAX_VALUE) {
                throw new IllegalArgumentException("batch metadata keys are 1 to " + MAX_KEY
                        + " characters and values at most " + MAX_VALUE + ": " + key);
            }
            json.put(key, value);
        });
        return json;
    }
}

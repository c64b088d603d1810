package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One vector of an embeddings answer.
 *
 * @param object    {@code embedding}
 * @param index     the index of the input item it embeds
 * @param embedding the vector: an array of numbers, or (for {@code encoding_format: base64}) the base64 of its
 *                  little-endian 32-bit floats, as OpenAI sends it
 * @param extra     other fields, kept as received
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Embedding(String object, int index, JsonNode embedding,
                        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public Embedding {
        object = object == null ? "embedding" : object;
        embedding = embedding == null ? NullNode.getInstance() : embedding;
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A vector in the caller's encoding.
     *
     * @param index  the input item's index
     * @param values the vector, as numbers
     * @param base64 whether the caller asked for {@code encoding_format: base64}
     * @return the embedding
     */
    public static Embedding of(int index, float[] values, boolean base64) {
        JsonNode vector;
        if (base64) {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : values) {
                bytes.putFloat(value);
            }
            vector = JsonNodeFactory.instance.textNode(Base64.getEncoder().encodeToString(bytes.array()));
        } else {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(values.length);
            for (float value : values) {
                array.add(value);
            }
            vector = array;
        }
        return new Embedding("embedding", index, vector, new LinkedHashMap<>());
    }

    /**
     * The vector as numbers, whichever encoding it came in.
     *
     * @return the values
     * @throws IllegalArgumentException when the vector is neither an array of numbers nor base64 of floats
     */
    public float[] values() {
        if (embedding.isTextual()) {
            byte[] bytes = Base64.getDecoder().decode(embedding.textValue());
            if (bytes.length % Float.BYTES != 0) {
                throw new IllegalArgumentException("A base64 embedding is not a whole number of 32-bit floats.");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.length / Float.BYTES];
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getFloat();
            }
            return values;
        }
        if (!embedding.isArray()) {
            throw new IllegalArgumentException("An embedding is neither an array of numbers nor a base64 string.");
        }
        float[] values = new float[embedding.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = embedding.get(i);
            if (!value.isNumber()) {
                throw new IllegalArgumentException("An embedding holds something other than numbers.");
            }
            values[i] = value.floatValue();
        }
        return values;
    }
}

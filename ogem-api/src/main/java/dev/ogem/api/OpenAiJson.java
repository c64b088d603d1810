package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The one JSON configuration for every wire format ogem reads and writes: the records of this
 * package and the providers' own bodies. Absent optionals are left out; unknown fields are kept in
 * each record's {@code extra} map and written back where they were. Reading may fail on bad input
 * and says so with Jackson's exceptions; writing fails only on a bug in ogem, unchecked. The mapper
 * itself is not handed out, so nobody can change its configuration for everyone else.
 */
public final class OpenAiJson {

    // Jackson's default buffer pool is thread-local, which recycles nothing on virtual threads
    // (one per request): a shared pool hands the 8 KB read/write buffers from call to call.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .addModule(new Jdk8Module())
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private OpenAiJson() {
    }

    /**
     * Reads a value.
     *
     * @param json the JSON, UTF-8
     * @param type what to read it as
     * @param <T>  the type
     * @return the value, or {@code null} when the JSON is {@code null}
     * @throws IOException when the bytes are not JSON or not of the type
     */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /**
     * Reads a value from a stream, which is closed afterwards.
     *
     * @param json the JSON, UTF-8
     * @param type what to read it as
     * @param <T>  the type
     * @return the value, or {@code null} when the JSON is {@code null}
     * @throws IOException when the stream fails, or its bytes are not JSON or not of the type
     */
    public static <T> T read(InputStream json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /**
     * Reads a value from text.
     *
     * @param json the JSON
     * @param type what to read it as
     * @param <T>  the type
     * @return the value, or {@code null} when the JSON is {@code null}
     * @throws IOException when the text is not JSON or not of the type
     */
    public static <T> T read(String json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /**
     * A streaming parser over bytes, with this configuration as its codec (so that it can read a value of a
     * record where it stands); for scans of this package that must not build the whole tree.
     *
     * @param json the JSON, UTF-8
     * @return the parser; the caller closes it
     * @throws IOException when the parser cannot be made
     */
    static JsonParser parser(byte[] json) throws IOException {
        return MAPPER.createParser(json);
    }

    /**
     * Reads a JSON tree.
     *
     * @param json the JSON, UTF-8
     * @return the tree, a missing node when there are no bytes
     * @throws IOException when the bytes are not JSON
     */
    public static JsonNode readTree(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * Reads a JSON tree from a stream, which is closed afterwards.
     *
     * @param json the JSON, UTF-8
     * @return the tree, a missing node when the stream is empty
     * @throws IOException when the stream fails or its bytes are not JSON
     */
    public static JsonNode readTree(InputStream json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * Reads a JSON tree from text.
     *
     * @param json the JSON
     * @return the tree, a missing node when the text is empty
     * @throws JsonProcessingException when the text is not JSON
     */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /**
     * Reads a value from a JSON tree.
     *
     * @param tree the tree
     * @param type what to read it as
     * @param <T>  the type
     * @return the value
     * @throws JsonProcessingException when the tree is not of the type
     */
    public static <T> T treeToValue(JsonNode tree, Class<T> type) throws JsonProcessingException {
        return MAPPER.treeToValue(tree, type);
    }

    /**
     * A value as a JSON tree, with the fields that {@link #write(Object)} would write.
     *
     * @param value the value
     * @param <T>   the node type expected, such as {@code ObjectNode} for a record
     * @return the tree
     */
    public static <T extends JsonNode> T valueToTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Why a read failed when JSON that parsed held a value a record refuses, such as a negative token count:
     * the record's own message, which quotes no input.
     *
     * @param failure what a {@code read} threw
     * @return the record's message, or empty when the JSON itself was at fault
     */
    public static Optional<String> invalidValue(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                return Optional.of(invalid.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a value as JSON on one line.
     *
     * @param value the value
     * @return the JSON, UTF-8
     * @throws IllegalStateException when the value cannot be written (a bug in ogem)
     */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A " + value.getClass().getSimpleName() + " could not be written as JSON", e);
        }
    }

    /**
     * Writes a value as JSON text on one line.
     *
     * @param value the value
     * @return the JSON
     * @throws IllegalStateException when the value cannot be written (a bug in ogem)
     */
    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A " + value.getClass().getSimpleName() + " could not be written as JSON", e);
        }
    }
}

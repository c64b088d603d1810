package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI embeddings request ({@code POST /v1/embeddings}).
 *
 * @param model          the model string (a name, {@code provider/model}, or a chain)
 * @param input          a string, an array of strings, an array of token ids, or an array of such arrays, as
 *                       sent; {@link #inputs()} reads it
 * @param dimensions     the number of dimensions the vectors should have
 * @param encodingFormat {@code float} or {@code base64}
 * @param user           the end user, for the upstream's abuse monitoring
 * @param extra          other fields, kept as received
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record EmbeddingRequest(String model,
                               JsonNode input,
                               Optional<Integer> dimensions,
                               @JsonProperty("encoding_format") Optional<String> encodingFormat,
                               Optional<String> user,
                               @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** {@code encoding_format} for vectors as JSON arrays of numbers (the default). */
    public static final String FLOAT = "float";
    /** {@code encoding_format} for vectors as base64 of little-endian 32-bit floats. */
    public static final String BASE64 = "base64";

    /** Normalises absent fields. */
    public EmbeddingRequest {
        model = model == null ? "" : model;
        input = input == null ? NullNode.getInstance() : input;
        dimensions = Optional.ofNullable(dimensions).flatMap(o -> o);
        encodingFormat = Optional.ofNullable(encodingFormat).flatMap(o -> o);
        user = Optional.ofNullable(user).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A request with nothing but a model and its input.
     *
     * @param model the model string
     * @param input the input, read as {@link #inputs()} reads it
     * @return the request
     */
    public static EmbeddingRequest of(String model, EmbeddingInput input) {
        return new EmbeddingRequest(model, input.json(), Optional.empty(), Optional.empty(), Optional.empty(),
                new LinkedHashMap<>());
    }

    /**
     * The input, read and checked.
     *
     * @return texts or token arrays
     * @throws CallerException when {@code input} is none of the four shapes OpenAI accepts, or empty
     */
    public EmbeddingInput inputs() {
        return EmbeddingInput.read(input);
    }

    /**
     * Whether the caller asked for base64 vectors.
     *
     * @return {@code true} for {@code encoding_format: base64}
     */
    public boolean base64() {
        return encodingFormat.filter(BASE64::equals).isPresent();
    }

    /**
     * The same request for another model name.
     *
     * @param name the model name the callee expects
     * @return the copy
     */
    public EmbeddingRequest withModel(String name) {
        return new EmbeddingRequest(name, input, dimensions, encodingFormat, user, new LinkedHashMap<>(extra));
    }
}

package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stream_options} of a request.
 *
 * @param includeUsage whether the last chunk carries usage
 * @param extra        other fields, kept as sent
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record StreamOptions(@JsonProperty("include_usage") Optional<Boolean> includeUsage,
                            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public StreamOptions {
        includeUsage = Optional.ofNullable(includeUsage).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * Options that ask for usage in the last chunk.
     *
     * @return {@code {"include_usage": true}}
     */
    public static StreamOptions withUsage() {
        return new StreamOptions(Optional.of(true), new LinkedHashMap<>());
    }
}

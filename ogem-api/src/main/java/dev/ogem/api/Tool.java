package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tool the model may call.
 *
 * @param type     {@code function}
 * @param function the function definition
 * @param extra    other fields, kept as sent
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Tool(String type, Optional<Function> function, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public Tool {
        type = type == null ? "function" : type;
        function = Optional.ofNullable(function).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A function definition.
     *
     * @param name        the function name
     * @param description what it does
     * @param parameters  its JSON Schema
     * @param strict      whether arguments must follow the schema exactly
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Function(String name, Optional<String> description, Optional<JsonNode> parameters,
                           Optional<Boolean> strict) {
        /** Normalises absent fields. */
        public Function {
            name = name == null ? "" : name;
            description = Optional.ofNullable(description).flatMap(o -> o);
            parameters = Optional.ofNullable(parameters).flatMap(o -> o);
            strict = Optional.ofNullable(strict).flatMap(o -> o);
        }
    }
}

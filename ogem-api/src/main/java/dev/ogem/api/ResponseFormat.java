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
 * {@code response_format}: {@code text}, {@code json_object} or {@code json_schema}.
 *
 * @param type       the format type
 * @param jsonSchema the schema of a json_schema format
 * @param extra      other fields, kept as sent
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ResponseFormat(String type,
                             @JsonProperty("json_schema") Optional<JsonSchema> jsonSchema,
                             @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public ResponseFormat {
        type = type == null ? "text" : type;
        jsonSchema = Optional.ofNullable(jsonSchema).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A named JSON Schema for structured output.
     *
     * @param name        the schema name
     * @param description what it describes
     * @param schema      the JSON Schema
     * @param strict      whether output must follow it exactly
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record JsonSchema(String name, Optional<String> description, Optional<JsonNode> schema,
                             Optional<Boolean> strict) {
        /** Normalises absent fields. */
        public JsonSchema {
            name = name == null ? "" : name;
            description = Optional.ofNullable(description).flatMap(o -> o);
            schema = Optional.ofNullable(schema).flatMap(o -> o);
            strict = Optional.ofNullable(strict).flatMap(o -> o);
        }
    }
}

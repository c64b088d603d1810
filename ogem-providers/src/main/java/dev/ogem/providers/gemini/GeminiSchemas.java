package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Set;

/**
 * JSON Schemas for Gemini. Both hosts accept ordinary JSON Schema in
 * {@code FunctionDeclaration.parametersJsonSchema} and {@code GenerationConfig.responseJsonSchema}
 * (Gemini 2.0 and later), so schemas go there nearly as sent, instead of being reduced lossily to
 * the OpenAPI-subset {@code Schema} of {@code parameters}/{@code responseSchema} (which has no
 * {@code additionalProperties}, {@code $ref} or {@code anyOf}-with-null). Only keywords that are
 * not schema constraints are removed: {@code $schema} and OpenAI's {@code strict}.
 */
final class GeminiSchemas {

    private static final Set<String> NOT_CONSTRAINTS = Set.of("$schema", "strict");

    private GeminiSchemas() {
    }

    /**
     * A function's parameters, or empty for a function without any (Gemini rejects an object
     * schema with no properties in {@code parameters}; omitting the field is the documented form).
     *
     * @param parameters the OpenAI {@code parameters}
     * @return the schema for {@code parametersJsonSchema}
     */
    static Optional<JsonNode> parameters(Optional<JsonNode> parameters) {
        return parameters.filter(JsonNode::isObject)
                .filter(schema -> !isEmptyObject(schema))
                .map(GeminiSchemas::clean);
    }

    /**
     * A response schema.
     *
     * @param schema the OpenAI {@code json_schema.schema}
     * @return the schema for {@code responseJsonSchema}
     */
    static JsonNode response(JsonNode schema) {
        return clean(schema);
    }

    private static boolean isEmptyObject(JsonNode schema) {
        return schema.path("properties").isEmpty()
                && schema.path("type").asText("object").equals("object")
                && !schema.has("anyOf") && !schema.has("oneOf") && !schema.has("allOf") && !schema.has("$ref");
    }

    private static JsonNode clean(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove(NOT_CONSTRAINTS);
        }
        return copy;
    }
}

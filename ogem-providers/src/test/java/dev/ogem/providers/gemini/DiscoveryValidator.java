package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.providers.specs.SchemaClosure;
import dev.ogem.providers.specs.Spec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A strict validator for Google API discovery-document schemas ({@code $ref}, {@code type},
 * {@code properties}, {@code items}, {@code enum}, {@code additionalProperties}, {@code format}):
 * any property the schema does not define, and any value of the wrong type, is an error. The
 * schemas come from the extracts in the test class path ({@link Spec#GEMINI}, {@link Spec#VERTEX});
 * a {@code $ref} that names no schema fails the construction, wherever it is.
 */
final class DiscoveryValidator {

    private final JsonNode schemas;

    /**
     * A validator over a map of named schemas.
     *
     * @param schemas the schemas by name
     * @throws IllegalStateException when a {@code $ref} names no schema of {@code schemas}
     */
    DiscoveryValidator(JsonNode schemas) {
        List<String> unresolved = SchemaClosure.DISCOVERY.unresolved(schemas, schemas);
        if (!unresolved.isEmpty()) {
            throw new IllegalStateException("Unresolved $ref in the discovery schemas: " + unresolved);
        }
        this.schemas = schemas;
    }

    /** The Vertex AI v1 discovery document. */
    static DiscoveryValidator vertex() {
        return new DiscoveryValidator(Spec.VERTEX.schemas(Spec.VERTEX.document()));
    }

    /**
     * The Gemini API v1beta discovery document (revision 20240713), with the overlay of fields added
     * since then, each of which {@code SpecValidationTest} finds in the current v1beta protos.
     */
    static DiscoveryValidator studio(JsonNode overlay) {
        ObjectNode schemas = (ObjectNode) Spec.GEMINI.schemas(Spec.GEMINI.document()).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.path("schemas").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = it.next();
            ObjectNode target = schemas.has(schema.getKey()) ? (ObjectNode) schemas.get(schema.getKey())
                    : schemas.putObject(schema.getKey()).put("type", "object");
            ObjectNode properties = target.has("properties") ? (ObjectNode) target.get("properties")
                    : target.putObject("properties");
            schema.getValue().path("properties").properties().forEach(p -> properties.set(p.getKey(), p.getValue()));
        }
        return new DiscoveryValidator(schemas);
    }

    /**
     * Validates a value.
     *
     * @param schemaName the top schema, such as {@code GenerateContentRequest}
     * @param value      the value
     * @return the errors, empty when valid
     */
    List<String> validate(String schemaName, JsonNode value) {
        List<String> errors = new ArrayList<>();
        if (!schemas.has(schemaName)) {
            throw new IllegalArgumentException("No schema " + schemaName);
        }
        walk(schemas.get(schemaName), value, "$", errors);
        return errors;
    }

    private void walk(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!schemas.has(ref)) {
                errors.add(path + ": unknown $ref " + ref);
                return;
            }
            walk(schemas.get(ref), value, path, errors);
            return;
        }
        String type = schema.path("type").asText("");
        String format = schema.path("format").asText("");
        switch (type) {
            case "object" -> object(schema, value, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    walk(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                boolean wideInteger = format.equals("int64") || format.equals("uint64");
                if (!value.isTextual() && !(wideInteger && value.isIntegralNumber())) {
                    errors.add(path + ": expected a string");
                    return;
                }
                if (schema.has("enum") && !contains(schema.get("enum"), value.asText())) {
                    errors.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
                }
                if (format.equals("byte")) {
                    try {
                        Base64.getDecoder().decode(value.asText());
                    } catch (IllegalArgumentException e) {
                        errors.add(path + ": not base64");
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean");
                }
            }
            case "any" -> { }
            default -> errors.add(path + ": schema has unknown type '" + type + "'");
        }
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected an object");
            return;
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                walk(properties.get(field.getKey()), field.getValue(), at, errors);
            } else if (schema.has("additionalProperties")) {
                walk(schema.get("additionalProperties"), field.getValue(), at, errors);
            } else {
                errors.add(at + ": unknown property");
            }
        }
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ogem.providers.specs.SchemaClosure;
import dev.ogem.providers.specs.Spec;

import java.util.List;
import java.util.Map;

/**
 * The Messages request schema ({@code CreateMessageParams}) of the Anthropic OpenAPI document, from
 * the extract {@link Spec#ANTHROPIC} in the test class path; {@code $ref}s resolve inside it, and a
 * reference that resolves to nothing fails the load instead of passing unchecked.
 */
final class AnthropicSpec {

    private static final String ROOT = "#/components/schemas/CreateMessageParams";

    private AnthropicSpec() {
    }

    /**
     * Validates a request body.
     *
     * @param body the body as sent to the Anthropic API
     * @return the violations, empty when the body is valid
     */
    static List<String> violations(JsonNode body) {
        return violations(Loaded.SCHEMA, body);
    }

    /**
     * Validates a request body against a schema of {@link #requestSchema}.
     *
     * @param schema the request schema
     * @param body   the body
     * @return the violations, sorted, empty when the body is valid
     */
    static List<String> violations(JsonSchema schema, JsonNode body) {
        return schema.validate(body).stream().map(ValidationMessage::toString).sorted().toList();
    }

    /**
     * The request schema of an Anthropic OpenAPI document (the extract, or a variant of it in tests).
     *
     * @param document the OpenAPI document
     * @return the schema of {@code CreateMessageParams}
     * @throws IllegalStateException when a {@code $ref} of the document names no schema of it
     */
    static JsonSchema requestSchema(JsonNode document) {
        List<String> unresolved = SchemaClosure.OPENAPI.unresolved(Spec.ANTHROPIC.schemas(document), document);
        if (!unresolved.isEmpty()) {
            throw new IllegalStateException("Unresolved $ref in the Anthropic spec: " + unresolved);
        }
        String iri = "classpath:specs/" + Spec.ANTHROPIC.fileName();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(iri, document.toString()))));
        return factory.getSchema(SchemaLocation.of(iri + ROOT));
    }

    /** The extract's schema, loaded once on first use. */
    private static final class Loaded {
        static final JsonSchema SCHEMA = requestSchema(Spec.ANTHROPIC.document());
    }
}

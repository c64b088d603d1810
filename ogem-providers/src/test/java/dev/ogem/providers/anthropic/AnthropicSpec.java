package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The Messages request schema ({@code CreateMessageParams}) of the real Anthropic OpenAPI document,
 * found by walking up from the working directory to {@code shared/specs/anthropic-openapi.json};
 * {@code $ref}s resolve inside that document.
 */
final class AnthropicSpec {

    private static final String SPEC = "shared/specs/anthropic-openapi.json";
    private static JsonSchema schema;

    private AnthropicSpec() {
    }

    /**
     * The spec file.
     *
     * @return its path
     * @throws IllegalStateException when no parent directory holds it
     */
    static Path specFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SPEC);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No " + SPEC + " above " + Path.of("").toAbsolutePath());
    }

    /**
     * Validates a request body.
     *
     * @param body the body as sent to the Anthropic API
     * @return the violations, empty when the body is valid
     */
    static synchronized List<String> violations(JsonNode body) {
        if (schema == null) {
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
            schema = factory.getSchema(SchemaLocation.of(specFile().toUri() + "#/components/schemas/CreateMessageParams"));
        }
        Set<ValidationMessage> errors = schema.validate(body);
        return errors.stream().map(ValidationMessage::toString).sorted().toList();
    }
}

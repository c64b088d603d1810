package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The Anthropic Messages request schema for tests outside this package (the server's end-to-end tests
 * validate what their fake Claude receives), over the same extract as {@link AnthropicSpec}.
 */
public final class AnthropicRequestSchema {

    private AnthropicRequestSchema() {
    }

    /**
     * Validates a body sent to the Anthropic API ({@code POST /v1/messages}).
     *
     * @param body the body
     * @return the violations, empty when valid
     */
    public static List<String> violations(JsonNode body) {
        return AnthropicSpec.violations(body);
    }

    /**
     * Validates a body sent to Claude on Vertex AI ({@code rawPredict}): the schema of the Anthropic API
     * once {@code anthropic_version} is taken out and the model of the URL put in.
     *
     * @param body  the body
     * @param model the model of the URL
     * @return the violations, empty when valid
     */
    public static List<String> vertexViolations(JsonNode body, String model) {
        ObjectNode direct = body.deepCopy();
        direct.remove("anthropic_version");
        direct.put("model", model);
        return AnthropicSpec.violations(direct);
    }
}

package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The Gemini generateContent request schemas for tests outside this package (the server's end-to-end
 * tests validate what their fake Gemini receives), over the same extracts as {@link DiscoveryValidator}.
 */
public final class GeminiRequestSchema {

    private static final DiscoveryValidator STUDIO = DiscoveryValidator.studio(SpecValidationTest.overlay());
    private static final DiscoveryValidator VERTEX = DiscoveryValidator.vertex();

    private GeminiRequestSchema() {
    }

    /**
     * Validates a body sent to the Gemini API (AI Studio).
     *
     * @param body the body
     * @return the violations, empty when valid
     */
    public static List<String> studioViolations(JsonNode body) {
        return STUDIO.validate("GenerateContentRequest", body);
    }

    /**
     * Validates a body sent to Gemini on Vertex AI.
     *
     * @param body the body
     * @return the violations, empty when valid
     */
    public static List<String> vertexViolations(JsonNode body) {
        return VERTEX.validate("GoogleCloudAiplatformV1GenerateContentRequest", body);
    }
}

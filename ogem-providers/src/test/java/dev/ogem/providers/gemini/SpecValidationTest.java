package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.providers.specs.Spec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator itself: it accepts a valid request and refuses misspelt, misplaced or mistyped fields. */
class SpecValidationTest {

    static JsonNode overlay() {
        return Spec.json(Spec.GEMINI_OVERLAY);
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aValidRequestPassesBothSpecs() throws IOException {
        JsonNode request = json("""
                {"contents":[{"role":"user","parts":[{"text":"hi"}]}],
                 "generationConfig":{"maxOutputTokens":5,"temperature":0.5,"thinkingConfig":{"thinkingBudget":0}},
                 "tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":{"type":"object","additionalProperties":false}}]}]}""");
        assertEquals(List.of(), DiscoveryValidator.studio(overlay()).validate("GenerateContentRequest", request));
        assertEquals(List.of(), DiscoveryValidator.vertex().validate("GoogleCloudAiplatformV1GenerateContentRequest", request));
    }

    @Test
    void aMisspeltMisplacedOrMistypedFieldFails() throws IOException {
        DiscoveryValidator studio = DiscoveryValidator.studio(overlay());
        DiscoveryValidator vertex = DiscoveryValidator.vertex();
        String misspelt = """
                {"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"maxOutputToken":5}}""";
        assertEquals(List.of("$.generationConfig.maxOutputToken: unknown property"),
                studio.validate("GenerateContentRequest", json(misspelt)));
        assertEquals(List.of("$.generationConfig.maxOutputToken: unknown property"),
                vertex.validate("GoogleCloudAiplatformV1GenerateContentRequest", json(misspelt)));
        String misplaced = """
                {"contents":[{"role":"user","parts":[{"text":"hi"}]}],"temperature":0.2}""";
        assertEquals(List.of("$.temperature: unknown property"), studio.validate("GenerateContentRequest", json(misplaced)));
        String mistyped = """
                {"contents":[{"role":"user","parts":[{"text":7}]}],"toolConfig":{"functionCallingConfig":{"mode":"REQUIRED"}}}""";
        List<String> errors = vertex.validate("GoogleCloudAiplatformV1GenerateContentRequest", json(mistyped));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("$.contents[0].parts[0].text: expected a string"));
        assertTrue(errors.get(1).contains("'REQUIRED' is not one of"));
        String badSignature = """
                {"contents":[{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":"not base64!"}]}]}""";
        assertEquals(List.of("$.contents[0].parts[0].thoughtSignature: not base64"),
                studio.validate("GenerateContentRequest", json(badSignature)));
    }

    @Test
    void aSchemaMissingFromTheSpecFailsTheConstructionInsteadOfPassing() {
        ObjectNode schemas = Spec.VERTEX.schemas(Spec.VERTEX.document()).deepCopy();
        schemas.remove("GoogleCloudAiplatformV1Blob");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DiscoveryValidator(schemas));
        assertTrue(e.getMessage().contains("GoogleCloudAiplatformV1Blob"), e.getMessage());
    }

    @Test
    void everyOverlayFieldExistsInTheCurrentProtos() {
        String protos = Spec.text(Spec.GEMINI_PROTO_MESSAGES);
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay().path("schemas").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = it.next();
            String message = messageBody(protos, schema.getValue().path("proto").asText());
            schema.getValue().path("properties").fieldNames().forEachRemaining(field -> {
                String snake = field.replaceAll("([A-Z])", "_$1").toLowerCase();
                assertTrue(Pattern.compile("\\s" + snake + " = \\d+").matcher(message).find(),
                        schema.getKey() + "." + field + " (" + snake + ") is not in the proto message");
            });
        }
    }

    private static String messageBody(String protos, String name) {
        Matcher start = Pattern.compile("\\nmessage " + name + " \\{").matcher(protos);
        assertTrue(start.find(), "no proto message " + name);
        int depth = 0;
        for (int i = start.end() - 1; i < protos.length(); i++) {
            char c = protos.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return protos.substring(start.end(), i);
            }
        }
        throw new AssertionError("unterminated message " + name);
    }
}

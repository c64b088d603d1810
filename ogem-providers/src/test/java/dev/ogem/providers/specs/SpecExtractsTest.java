package dev.ogem.providers.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The extracts in the test class path are whole and no more: each holds its roots and exactly the
 * schemas they reach through {@code $ref}, every reference resolves inside it, and it says which
 * published file it came from.
 */
class SpecExtractsTest {

    @ParameterizedTest
    @EnumSource(Spec.class)
    void anExtractHoldsExactlyTheClosureOfItsRoots(Spec spec) {
        JsonNode document = spec.document();
        JsonNode schemas = spec.schemas(document);
        List<String> names = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(names::add);
        assertFalse(names.isEmpty(), spec.fileName());
        assertEquals(names, spec.references().closure(schemas, spec.roots()), spec.fileName());
        assertEquals(List.of(), spec.references().unresolved(schemas, document), spec.fileName());
    }

    @ParameterizedTest
    @EnumSource(Spec.class)
    void anExtractNamesItsSourceAndRoots(Spec spec) {
        JsonNode about = spec.document().path(Spec.EXTRACT_KEY);
        assertFalse(about.path("from").asText().isBlank(), spec.fileName());
        assertEquals(64, about.path("sha256").asText().length(), spec.fileName());
        assertEquals(spec.roots(), new ObjectMapper().convertValue(about.path("roots"), List.class), spec.fileName());
    }

    @Test
    void theProtoExcerptHoldsExactlyTheMessagesTheOverlayNames() {
        TreeSet<String> named = new TreeSet<>();
        Spec.json(Spec.GEMINI_OVERLAY).path("schemas").forEach(s -> named.add(s.path("proto").asText()));
        TreeSet<String> present = new TreeSet<>();
        Matcher message = Pattern.compile("(?m)^message (\\w+) \\{").matcher(Spec.text(Spec.GEMINI_PROTO_MESSAGES));
        while (message.find()) {
            present.add(message.group(1));
        }
        assertEquals(named, present);
    }

    @Test
    void aReferenceToAMissingSchemaIsCaught() throws Exception {
        ObjectNode schemas = (ObjectNode) new ObjectMapper().readTree("""
                {"Request":{"type":"object","properties":{"content":{"$ref":"Content"}}},
                 "Content":{"type":"object","properties":{"part":{"type":"array","items":{"$ref":"Part"}}}},
                 "Part":{"type":"string"}}""");
        assertEquals(List.of("Request", "Content", "Part"), SchemaClosure.DISCOVERY.closure(schemas, List.of("Request")));
        schemas.remove("Part");
        assertEquals(List.of("Part"), SchemaClosure.DISCOVERY.unresolved(schemas, schemas));
        assertThrows(IllegalStateException.class, () -> SchemaClosure.DISCOVERY.closure(schemas, List.of("Request")));
    }

    @Test
    void anOpenApiReferenceOutsideTheSchemasOrInAMappingCounts() throws Exception {
        JsonNode schemas = new ObjectMapper().readTree("""
                {"Block":{"oneOf":[{"$ref":"#/components/schemas/Text"}],
                          "discriminator":{"propertyName":"type","mapping":{"image":"#/components/schemas/Image"}}},
                 "Text":{"type":"string"},
                 "Odd":{"$ref":"#/paths/x"}}""");
        assertEquals(List.of("#/components/schemas/Image", "#/paths/x"), SchemaClosure.OPENAPI.unresolved(schemas, schemas));
        assertThrows(IllegalStateException.class, () -> SchemaClosure.OPENAPI.closure(schemas, List.of("Block")));
        assertThrows(IllegalStateException.class, () -> SchemaClosure.OPENAPI.closure(schemas, List.of("Odd")));
    }
}

package dev.ogem.routing;

import dev.ogem.api.CallerException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelQueryTest {

    @Test
    void readsTheThreeFormsAndChains() {
        List<ModelQuery> chain = ModelQuery.parseChain("gpt-4o, openai/gpt-4o ,vertex/us-central1/gemini-pro");
        assertEquals(3, chain.size());
        assertEquals(new ModelQuery(Optional.empty(), Optional.empty(), "gpt-4o", "gpt-4o", false), chain.get(0));
        assertEquals(Optional.of("openai"), chain.get(1).provider());
        assertEquals(Optional.of("us-central1"), chain.get(2).region());
        assertEquals("gemini-pro", chain.get(2).model());
    }

    @Test
    void aBatchSuffixIsReadOnceAndKeptInTheName() {
        ModelQuery query = ModelQuery.parseChain("openai/gpt-4o@batch").getFirst();
        assertTrue(query.batch());
        assertEquals("gpt-4o@batch", query.model(), "the suffix is part of the name matched against the catalog");
        assertEquals("gpt-4o", ModelQuery.withoutBatchSuffix(query.model()));
        assertFalse(ModelQuery.parseChain("gpt-4o").getFirst().batch());
        assertFalse(ModelQuery.isBatch("@batch"), "a suffix alone names no model");
    }

    @Test
    void anEmptySegmentMeansAny() {
        ModelQuery query = ModelQuery.parseChain("vertex//gemini-pro").getFirst();
        assertEquals(Optional.of("vertex"), query.provider());
        assertEquals(Optional.empty(), query.region());
    }

    @Test
    void refusesMoreThanThreePartsAndEmptyEntries() {
        CallerException four = assertThrows(CallerException.class, () -> ModelQuery.parseChain("a/b/c/d"));
        assertEquals(400, four.status());
        assertEquals("model", four.param().orElseThrow());
        assertThrows(CallerException.class, () -> ModelQuery.parseChain("a,,b"));
        assertThrows(CallerException.class, () -> ModelQuery.parseChain(" "));
        assertThrows(CallerException.class, () -> ModelQuery.parseChain("openai/"));
    }
}

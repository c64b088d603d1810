package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainsTest {

    private final Scripted scripted = new Scripted();
    private final Catalog catalog = catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
            provider("b", region("b", model("m", 0, 0), model("n", 0, 0))));
    private final Chains chains = new Chains(catalog, new BatchCalls(Optional.empty(), scripted.settings()));

    @Test
    void aChainIsResolvedOnceAndKept() {
        List<Chains.Link> chain = chains.of("m,b/n");
        assertEquals(2, chain.size());
        assertEquals(List.of("a", "b"), chain.getFirst().unbatched().stream()
                .map(c -> c.endpoint().provider().name()).toList());
        assertEquals("n", chain.get(1).unbatched().getFirst().model().name());
        assertSame(chain, chains.of("m,b/n"));
    }

    @Test
    void anUnknownModelFailsEveryTimeAndIsNotKept() {
        assertThrows(CallerException.class, () -> chains.of("m,nope"));
        assertThrows(CallerException.class, () -> chains.of("m,nope"));
    }

    @Test
    void onlySoManyModelStringsAreKept() {
        for (int i = 0; i < Chains.MAX_KEPT; i++) {
            chains.of("m,".repeat(i % 3) + "a/a/m" + ",m".repeat(i / 3 % 10) + " ".repeat(i / 30));
        }
        assertEquals(Chains.MAX_KEPT, chains.keptCount());
        List<Chains.Link> beyond = chains.of("b/b/n");
        assertNotSame(beyond, chains.of("b/b/n"), "resolved again: the cache is full");
    }

    @Test
    void onlyShortModelStringsAreKept() {
        String longChain = "a/a/m" + " ".repeat(Chains.MAX_KEPT_LENGTH) + ",b/b/n";
        List<Chains.Link> chain = chains.of(longChain);
        assertEquals(2, chain.size(), "a long string is still served");
        assertNotSame(chain, chains.of(longChain), "but resolved on every request");
        for (int i = 0; i < 200; i++) {
            chains.of("m" + ",m".repeat(i % 15) + " ".repeat(Chains.MAX_KEPT_LENGTH + i));
        }
        assertEquals(0, chains.keptCount());
        chains.of("m,b/n");
        assertEquals(1, chains.keptCount());
        assertTrue(chains.longestKept() <= Chains.MAX_KEPT_LENGTH);
    }

    @Test
    void aMillionEntryChainIsRefusedBeforeAnyEntryIsRead() {
        String huge = "m,".repeat(1_000_000) + "m";
        CallerException e = assertThrows(CallerException.class, () -> chains.of(huge));
        assertEquals(400, e.status());
        assertEquals("model", e.param().orElseThrow());
        assertTrue(e.getMessage().contains("at most " + ModelQuery.MAX_MODEL_LENGTH), e.getMessage());
        assertTrue(e.getMessage().length() < 200, "the message does not echo the string");
        assertEquals(0, chains.keptCount());
    }

    @Test
    void aChainOfMoreThanSixteenEntriesIsRefused() {
        assertEquals(ModelQuery.MAX_CHAIN_ENTRIES, chains.of("m" + ",m".repeat(ModelQuery.MAX_CHAIN_ENTRIES - 1)).size());
        CallerException e = assertThrows(CallerException.class,
                () -> chains.of("m" + ",m".repeat(ModelQuery.MAX_CHAIN_ENTRIES)));
        assertEquals(400, e.status());
        assertEquals("model", e.param().orElseThrow());
        assertTrue(e.getMessage().contains("17 entries; at most 16"), e.getMessage());
    }
}

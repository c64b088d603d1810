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
            chains.of("m,".repeat(i % 3) + "a/a/m" + ",m".repeat(i / 3 % 400) + " ".repeat(i / 1200));
        }
        List<Chains.Link> beyond = chains.of("b/b/n");
        assertNotSame(beyond, chains.of("b/b/n"), "resolved again: the cache is full");
    }
}

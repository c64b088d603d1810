package dev.ogem.quota.memory;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StateStoreContract;
import dev.ogem.quota.WindowUsage;
import dev.ogem.quota.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract in memory, plus the byte-bounded LRU cache. */
class MemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore open(FakeClock clock) {
        return StateStore.inMemory(clock, 100);
    }

    @Override
    protected String mode() {
        return "memory";
    }

    private MemoryStateStore memory() {
        return (MemoryStateStore) store;
    }

    @Test
    void cacheEvictsLeastRecentlyUsedBeyondItsBytes() {
        // each entry: 2-char key + 30 bytes = 32 bytes; three fit in 100, a fourth does not
        store.cache("k1", new byte[30], Duration.ofHours(1));
        store.cache("k2", new byte[30], Duration.ofHours(1));
        store.cache("k3", new byte[30], Duration.ofHours(1));
        assertEquals(96, memory().cacheBytes());
        assertTrue(store.cached("k1").isPresent()); // k1 is now the most recently used
        store.cache("k4", new byte[30], Duration.ofHours(1));
        assertEquals(Optional.empty(), store.cached("k2"));
        assertTrue(store.cached("k1").isPresent());
        assertTrue(store.cached("k3").isPresent());
        assertTrue(store.cached("k4").isPresent());
        assertEquals(96, memory().cacheBytes());
    }

    @Test
    void cacheOverwriteAndOversizedValueKeepTheCountRight() {
        store.cache("k1", new byte[30], Duration.ofHours(1));
        store.cache("k1", new byte[10], Duration.ofHours(1));
        assertEquals(12, memory().cacheBytes());
        store.cache("big", new byte[98], Duration.ofHours(1)); // 101 bytes: never fits
        assertEquals(Optional.empty(), store.cached("big"));
        assertEquals(12, memory().cacheBytes());
    }

    @Test
    void cacheEntriesExpireWithTheirTtl() {
        store.cache("k1", new byte[] {7}, Duration.ofSeconds(10));
        clock.advance(Duration.ofMillis(9_999));
        assertTrue(store.cached("k1").isPresent());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), store.cached("k1"));
        assertEquals(0, memory().cacheBytes());
    }

    @Test
    void theLogKeepsEveryEntryInOrderAcrossGrowthWrapAndShrink() {
        Bucket bucket = new Bucket("p", "r", "m");
        Limits limits = new Limits(1_000_000, 0);
        List<Reservation> early = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            early.add(((Admission.Admitted) store.reserve(bucket, limits, 10)).reservation());
        }
        clock.advance(Duration.ofSeconds(30));
        List<Reservation> late = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            late.add(((Admission.Admitted) store.reserve(bucket, limits, 10)).reservation());
        }
        clock.advance(Duration.ofSeconds(31)); // the early ones leave; the ring's head moves past them
        store.settle(early.get(50), 0);
        assertEquals(new WindowUsage(100, 1_000), store.used(bucket), "a settlement after the window does nothing");
        for (int i = 0; i < 300; i++) { // wraps around the freed slots, then grows
            store.reserve(bucket, limits, 1);
        }
        store.settle(late.get(0), 3);
        store.settle(late.get(99), 7);
        assertEquals(new WindowUsage(400, 98 * 10 + 3 + 7 + 300), store.used(bucket));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(WindowUsage.NONE, store.used(bucket));
        store.settle(late.get(99), 1);
        assertEquals(WindowUsage.NONE, store.used(bucket));
        store.reserve(bucket, limits, 5);
        assertEquals(new WindowUsage(1, 5), store.used(bucket));
    }
}

package dev.ogem.server.config;

import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The defaults of the settings that hold heap follow a heap below 512 MiB down, and a set variable wins. */
class HeapDefaultsTest {

    private static final long MIB = 1024 * 1024;
    private static final HeapDefaults DOCUMENTED = new HeapDefaults(ClientLimits.DEFAULT_MAX_BODY_BYTES,
            ClientLimits.DEFAULT_BODY_BYTES_IN_FLIGHT, StateStore.DEFAULT_CACHE_BYTES);

    @Test
    void theLaunchersHeapAndLargerOnesKeepTheDocumentedDefaults() {
        assertEquals(new HeapDefaults(32 * MIB, 64 * MIB, 64 * MIB), DOCUMENTED);
        assertEquals(DOCUMENTED, HeapDefaults.forHeap(512 * MIB));
        assertEquals(DOCUMENTED, HeapDefaults.forHeap(4096 * MIB));
    }

    @Test
    void aSmallerHeapScalesEachDefaultDownInProportion() {
        assertEquals(new HeapDefaults(10 * MIB, 20 * MIB, 20 * MIB), HeapDefaults.forHeap(160 * MIB));
        assertEquals(new HeapDefaults(16 * MIB, 32 * MIB, 32 * MIB), HeapDefaults.forHeap(256 * MIB));
    }

    @Test
    void theBodiesInFlightNeverFallBelowTheirLeastAcceptedValue() {
        HeapDefaults tiny = HeapDefaults.forHeap(4 * MIB);
        assertEquals(ClientLimits.MIN_BODY_BYTES_IN_FLIGHT, tiny.bodyBytesInFlight());
        assertEquals(256 * 1024, tiny.maxBodyBytes());
        ClientLimits limits = ClientLimits.read(new Environment(Map.of()), tiny);
        assertEquals(ClientLimits.MIN_BODY_BYTES_IN_FLIGHT, limits.bodyBytesInFlight());
    }

    @Test
    void theLimitsReadUnderASmallHeapTakeItsDefaultsAndASetVariableWins() {
        HeapDefaults small = HeapDefaults.forHeap(160 * MIB);
        ClientLimits unset = ClientLimits.read(new Environment(Map.of()), small);
        assertEquals(10 * MIB, unset.maxBodyBytes());
        assertEquals(20 * MIB, unset.bodyBytesInFlight());

        ClientLimits set = ClientLimits.read(new Environment(Map.of("MAX_REQUEST_BYTES", Long.toString(32 * MIB))), small);
        assertEquals(32 * MIB, set.maxBodyBytes());
        assertEquals(64 * MIB, set.bodyBytesInFlight(), "twice the body set, as with the full defaults");

        ConfigTree noValkey = ConfigTree.root(YamlParser.parse(new ConfigText("providers: {}", "test")));
        assertEquals(20 * MIB, ModuleSettings.store(new Environment(Map.of()), noValkey, small).memoryCacheBytes());
        assertEquals(0, ModuleSettings.store(new Environment(Map.of("CACHE_MAX_BYTES", "0")), noValkey, small)
                .memoryCacheBytes());
    }

    @Test
    void thisJvmsDefaultsComeFromItsMaximumHeap() {
        // the tests run with -Xmx1g (the build's surefire and failsafe argLine): the documented defaults
        assertEquals(DOCUMENTED, HeapDefaults.ofThisJvm());
    }
}

package dev.ogem.server.config;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.ogem.quota.StateStore;

import java.lang.management.ManagementFactory;

/**
 * The defaults of the three settings that hold heap, for the heap this JVM may grow to. {@code MAX_REQUEST_BYTES}
 * (32 MiB), {@code MAX_REQUEST_BYTES_IN_FLIGHT} (64 MiB) and {@code CACHE_MAX_BYTES} (64 MiB) are sized for the
 * launcher's 512 MiB heap ({@code HeapBudgetIT}: the worst input they allow stays inside it); under a smaller
 * {@code -Xmx} each is scaled down in proportion, never up, so that a gateway given only a smaller heap keeps that
 * worst input inside it too. A variable that is set wins over its default.
 *
 * @param maxBodyBytes      the default of {@code MAX_REQUEST_BYTES}
 * @param bodyBytesInFlight the default of {@code MAX_REQUEST_BYTES_IN_FLIGHT} (at least
 *                          {@link ClientLimits#MIN_BODY_BYTES_IN_FLIGHT})
 * @param cacheBytes        the default of {@code CACHE_MAX_BYTES}
 */
record HeapDefaults(long maxBodyBytes, long bodyBytesInFlight, long cacheBytes) {

    /** The heap the documented defaults are sized for: the launcher's {@code -Xmx512m}. */
    static final long REFERENCE_HEAP = 512L * 1024 * 1024;

    /**
     * The defaults for a heap.
     *
     * @param maxHeapBytes the most heap the JVM may use ({@code -Xmx})
     * @return the documented defaults from {@link #REFERENCE_HEAP} up, else those scaled by the heap's share of it
     */
    static HeapDefaults forHeap(long maxHeapBytes) {
        long heap = Math.min(maxHeapBytes, REFERENCE_HEAP);
        return new HeapDefaults(share(ClientLimits.DEFAULT_MAX_BODY_BYTES, heap),
                Math.max(ClientLimits.MIN_BODY_BYTES_IN_FLIGHT, share(ClientLimits.DEFAULT_BODY_BYTES_IN_FLIGHT, heap)),
                share(StateStore.DEFAULT_CACHE_BYTES, heap));
    }

    /**
     * The defaults for this JVM's heap.
     *
     * @return {@link #forHeap} of its {@code -Xmx}
     */
    static HeapDefaults ofThisJvm() {
        return forHeap(maxHeap());
    }

    private static long share(long fullHeapValue, long heap) {
        return Math.max(1, fullHeapValue * heap / REFERENCE_HEAP);   // both below 2^30: no overflow
    }

    /** {@code -Xmx} itself: {@link Runtime#maxMemory()} leaves a survivor space out (495 MiB of 512 with SerialGC). */
    private static long maxHeap() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hotSpot.getVMOption("MaxHeapSize").getValue());
        } catch (RuntimeException notHotSpot) {
            return Runtime.getRuntime().maxMemory();
        }
    }
}

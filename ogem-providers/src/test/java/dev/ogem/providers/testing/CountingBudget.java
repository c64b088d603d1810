package dev.ogem.providers.testing;

import dev.ogem.api.QuotaException;
import dev.ogem.providers.MemoryBudget;

import java.time.Duration;

/**
 * A {@link MemoryBudget} of a fixed number of bytes that counts what its leases hold: the bytes held now, the
 * most held at once, and the leases refused.
 */
public final class CountingBudget implements MemoryBudget {

    private final long total;
    private long used;
    private long peak;
    private int refusals;

    /**
     * A budget.
     *
     * @param total the bytes it holds at most
     */
    public CountingBudget(long total) {
        this.total = total;
    }

    @Override
    public Lease open() {
        return new Lease() {
            private long held;

            @Override
            public void grow(long bytes) {
                long more = bytes - held;
                if (more > 0) {
                    take(more);
                    held = bytes;
                }
            }

            @Override
            public void close() {
                give(held);
                held = 0;
            }
        };
    }

    private synchronized void take(long more) {
        if (used + more > total) {
            refusals++;
            throw QuotaException.exhausted("the test budget of " + total + " bytes is spent", Duration.ofSeconds(1));
        }
        used += more;
        peak = Math.max(peak, used);
    }

    private synchronized void give(long bytes) {
        used -= bytes;
    }

    /**
     * The bytes held now.
     *
     * @return the sum over the open leases
     */
    public synchronized long used() {
        return used;
    }

    /**
     * The most bytes held at once so far.
     *
     * @return the peak
     */
    public synchronized long peak() {
        return peak;
    }

    /**
     * How many times a lease could not grow.
     *
     * @return the count
     */
    public synchronized int refusals() {
        return refusals;
    }
}

package dev.ogem.server;

import dev.ogem.api.QuotaException;
import dev.ogem.providers.MemoryBudget;

import java.time.Duration;

/**
 * The request bytes ogem holds at once, all requests together, so that many large bodies at the same time are
 * refused (429 with {@code Retry-After}) instead of running the heap out. Each completion holds a {@link Lease}
 * from before its body is read until its answer is sent: at least {@link #MIN_CHARGE} (what a request costs
 * besides its body, which bounds how many run at once), and its body's bytes as they are read (or its declared
 * {@code Content-Length} at once). Bodies larger than {@link #SMALL} may fill only three quarters of the budget;
 * the last quarter stays for small requests, so that large uploads cannot starve ordinary traffic. The provider
 * clients hold the images they download for a request under the same budget (see {@link MemoryBudget}), so that
 * bodies and images together stay within it.
 */
final class BodyBudget implements MemoryBudget {

    /** What every request is charged at least. */
    static final long MIN_CHARGE = 16L * 1024;
    /** The largest body that may use the quarter kept for small requests. */
    static final long SMALL = 1024L * 1024;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final long total;
    private final long largeCap;
    private long used;

    BodyBudget(long total) {
        this.total = total;
        this.largeCap = total - total / 4;
    }

    /**
     * Opens a lease of {@link #MIN_CHARGE}.
     *
     * @return the lease; close it when the answer is sent
     * @throws QuotaException when the budget is spent
     */
    @Override
    public Lease open() {
        Lease lease = new Lease();
        lease.grow(MIN_CHARGE);
        return lease;
    }

    synchronized long used() {
        return used;
    }

    private synchronized boolean take(long held, long more) {
        long cap = held + more > SMALL ? largeCap : total;
        if (used + more > cap) {
            return false;
        }
        used += more;
        return true;
    }

    private synchronized void give(long bytes) {
        used -= bytes;
    }

    /** One request's share of the budget. */
    final class Lease implements MemoryBudget.Lease {

        private long held;

        private Lease() {
        }

        /**
         * Grows the lease to cover a body of this many bytes.
         *
         * @param bytes the body's size so far (or declared); {@link #MIN_CHARGE} is the least held
         * @throws QuotaException when the budget cannot hold it now
         */
        @Override
        public void grow(long bytes) {
            long more = Math.max(bytes, MIN_CHARGE) - held;
            if (more <= 0) {
                return;
            }
            if (!take(held, more)) {
                throw QuotaException.exhausted("The gateway holds as many request bytes and images as its memory allows"
                        + " (MAX_REQUEST_BYTES_IN_FLIGHT = " + total + "); try again shortly.", RETRY_AFTER);
            }
            held += more;
        }

        @Override
        public void close() {
            long bytes = held;
            held = 0;
            give(bytes);
        }
    }
}

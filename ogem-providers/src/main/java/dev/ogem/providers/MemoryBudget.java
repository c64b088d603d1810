package dev.ogem.providers;

import dev.ogem.api.QuotaException;

/**
 * The bytes that requests may make a process hold at once, all requests together. The provider clients hold the
 * images they download for a request (for the upstreams that take images only inline) under it, from the first
 * byte downloaded until the upstream call is over, counted at the size they take in the upstream request (base64,
 * four thirds of the image). The gateway passes the budget its request bodies are held under
 * ({@code MAX_REQUEST_BYTES_IN_FLIGHT}), so that bodies and downloaded images are bounded together;
 * {@link #UNLIMITED}, the default of {@link ProviderSettings}, bounds nothing.
 */
@FunctionalInterface
public interface MemoryBudget {

    /** A budget that grants every lease. */
    MemoryBudget UNLIMITED = () -> new Lease() {
        @Override
        public void grow(long bytes) {
            // nothing is counted
        }

        @Override
        public void close() {
            // nothing was taken
        }
    };

    /**
     * Opens a share of the budget; a budget may charge a least amount at once.
     *
     * @return the lease; close it when the bytes are no longer held
     * @throws QuotaException (429 with {@code Retry-After}) when the budget is spent
     */
    Lease open();

    /** One holder's share of a {@link MemoryBudget}. */
    interface Lease extends AutoCloseable {

        /**
         * Grows the share to cover this many bytes in all.
         *
         * @param bytes everything the holder holds now; a smaller number than before changes nothing
         * @throws QuotaException (429 with {@code Retry-After}) when the budget cannot hold them now; the share
         *                        keeps what it held
         */
        void grow(long bytes);

        /** Gives the whole share back. */
        @Override
        void close();
    }
}

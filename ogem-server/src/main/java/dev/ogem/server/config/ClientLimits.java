package dev.ogem.server.config;

import java.time.Duration;

/**
 * What one client, and all clients together, may make ogem hold while it reads their requests.
 *
 * @param maxBodyBytes      the largest request body ({@code MAX_REQUEST_BYTES}, default 32 MiB, less under a heap
 *                          below 512 MiB: {@link HeapDefaults}); larger is a 413
 * @param bodyBytesInFlight the request bodies held at once, all requests together
 *                          ({@code MAX_REQUEST_BYTES_IN_FLIGHT}, default 64 MiB, less under a heap below 512 MiB, or
 *                          twice {@code MAX_REQUEST_BYTES} when that is more); past it a request is refused with 429
 *                          and {@code Retry-After}
 * @param readTimeout       the longest a client may send nothing while ogem reads its request
 *                          ({@code CLIENT_READ_TIMEOUT}, default 30 s); a body must also keep arriving at
 *                          {@link #MIN_BODY_BYTES_PER_SECOND} on average after that long
 */
public record ClientLimits(long maxBodyBytes, long bodyBytesInFlight, Duration readTimeout) {

    /** The largest request body accepted by default with a heap of 512 MiB or more: 32 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    /**
     * The request bytes held at once by default with a heap of 512 MiB or more: 64 MiB (or twice
     * {@code MAX_REQUEST_BYTES} when larger).
     */
    public static final long DEFAULT_BODY_BYTES_IN_FLIGHT = 64L * 1024 * 1024;
    /** The least {@code MAX_REQUEST_BYTES_IN_FLIGHT} accepted: 1 MiB. */
    public static final long MIN_BODY_BYTES_IN_FLIGHT = 1024L * 1024;
    /** How long a client may send nothing by default. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** The slowest a body may arrive on average, once {@link #readTimeout()} has passed: 64 KiB/s. */
    public static final long MIN_BODY_BYTES_PER_SECOND = 64L * 1024;

    /**
     * Checks the bounds.
     */
    public ClientLimits {
        if (maxBodyBytes < 1 || bodyBytesInFlight < maxBodyBytes || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("client limits out of range");
        }
    }

    /**
     * The limits the environment sets, or their defaults.
     *
     * @param environment the variables
     * @param defaults    the defaults for this heap
     * @return the limits
     * @throws ConfigException when a variable is malformed, or the bodies in flight cannot hold the largest body
     *                         beside the share kept for small ones
     */
    static ClientLimits read(Environment environment, HeapDefaults defaults) {
        long maxBody = environment.wholeNumber("MAX_REQUEST_BYTES", defaults.maxBodyBytes(), 1, Long.MAX_VALUE / 4);
        long inFlight = environment.wholeNumber("MAX_REQUEST_BYTES_IN_FLIGHT",
                Math.max(2 * maxBody, defaults.bodyBytesInFlight()), 1, Long.MAX_VALUE);
        long needed = Math.max(MIN_BODY_BYTES_IN_FLIGHT, maxBody + (maxBody + 2) / 3);
        if (inFlight < needed) {
            throw new ConfigException("MAX_REQUEST_BYTES_IN_FLIGHT", "must be at least " + needed
                    + " (1 MiB, and MAX_REQUEST_BYTES with a quarter kept for small requests): " + inFlight);
        }
        return new ClientLimits(maxBody, inFlight,
                environment.positiveDuration("CLIENT_READ_TIMEOUT", DEFAULT_READ_TIMEOUT));
    }
}

package dev.ogem.quota;

import java.util.OptionalLong;

/**
 * What a bucket has used in the 60-second window ending now: the requests admitted in it (released ones
 * included) and their tokens (as reserved, or as settled).
 *
 * @param requests requests in the window, {@code >= 0}
 * @param tokens   their tokens, {@code >= 0}
 */
public record WindowUsage(long requests, long tokens) {

    /** Nothing used. */
    public static final WindowUsage NONE = new WindowUsage(0, 0);

    /** Checks that neither count is negative. */
    public WindowUsage {
        if (requests < 0 || tokens < 0) {
            throw new IllegalArgumentException("usage must not be negative: requests=" + requests + ", tokens=" + tokens);
        }
    }

    /**
     * Requests that still fit now.
     *
     * @param limits the bucket's limits
     * @return {@code rpm - requests} (at least 0); empty when requests are unlimited
     */
    public OptionalLong remainingRequests(Limits limits) {
        return limits.rpm() == 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, limits.rpm() - requests));
    }

    /**
     * Tokens that still fit now.
     *
     * @param limits the bucket's limits
     * @return {@code tpm - tokens} (at least 0); empty when tokens are unlimited
     */
    public OptionalLong remainingTokens(Limits limits) {
        return limits.tpm() == 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, limits.tpm() - tokens));
    }
}

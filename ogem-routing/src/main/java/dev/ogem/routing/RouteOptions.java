package dev.ogem.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-request routing options that come from the caller, not from the request body.
 *
 * @param timeout     the caller's deadline from now ({@code x-ogem-timeout}); empty for the router's default
 * @param bypassCache skip the response cache for lookup (the answer is still stored)
 */
public record RouteOptions(Optional<Duration> timeout, boolean bypassCache) {

    /** The default: the router's deadline, cache on. */
    public static final RouteOptions DEFAULT = new RouteOptions(Optional.empty(), false);

    /** Checks the timeout. */
    public RouteOptions {
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + t);
            }
        });
    }
}

package dev.ogem.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * A routed answer and where it came from.
 *
 * @param value the answer (a response or an open stream)
 * @param route the endpoint that served it (for a cache hit, the one that served it first)
 * @param cache what the cache did; empty when the request was not cacheable
 * @param <T>   the kind of answer
 */
public record Routed<T>(T value, Route route, Optional<CacheOutcome> cache) {
    /** Checks for nulls. */
    public Routed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(cache, "cache");
    }
}

package dev.ogem.routing;

import java.util.Locale;

/** What the response cache did for a cacheable request ({@code x-ogem-cache}). */
public enum CacheOutcome {
    /** Answered from the cache; no upstream was called. */
    HIT,
    /** Not in the cache (or bypassed); the answer came from upstream. */
    MISS;

    /**
     * The header value.
     *
     * @return {@code hit} or {@code miss}
     */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }
}

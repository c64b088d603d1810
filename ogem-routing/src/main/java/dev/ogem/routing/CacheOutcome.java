package dev.ogem.routing;

/** What the response cache did for a cacheable request ({@code x-ogem-cache}). */
public enum CacheOutcome {
    /** Answered from the cache; no upstream was called. */
    HIT("hit"),
    /** Not in the cache (or bypassed); the answer came from upstream. */
    MISS("miss");

    private final String header;

    CacheOutcome(String header) {
        this.header = header;
    }

    /**
     * The header value.
     *
     * @return {@code hit} or {@code miss}
     */
    public String header() {
        return header;
    }
}

package dev.ogem.providers.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads how long an upstream asked us to wait: {@code retry-after-ms}, then {@code Retry-After} (seconds,
 * fractional seconds, a Go-like duration or an HTTP date), each at most {@link UpstreamWait#MAX}; a value
 * that is none of these is ignored.
 */
public final class RetryAfter {

    private static final HeaderName RETRY_AFTER_MS = HeaderNames.create("retry-after-ms");

    private RetryAfter() {
    }

    /**
     * The wait the headers ask for.
     *
     * @param headers response headers
     * @return the wait, if the headers name a valid one
     */
    public static Optional<Duration> from(Headers headers) {
        return from(headers, Instant.now());
    }

    /**
     * The wait the headers ask for, an HTTP date counted from {@code now}.
     *
     * @param headers response headers
     * @param now     the current time
     * @return the wait, if the headers name a valid one
     */
    public static Optional<Duration> from(Headers headers, Instant now) {
        return headers.first(RETRY_AFTER_MS).flatMap(UpstreamWait::millis)
                .or(() -> headers.first(HeaderNames.RETRY_AFTER).flatMap(value -> UpstreamWait.parse(value, now)));
    }
}

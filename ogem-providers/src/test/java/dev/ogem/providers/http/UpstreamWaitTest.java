package dev.ogem.providers.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every wait an upstream can write, read defensively and never longer than an hour. */
class UpstreamWaitTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Optional<Duration> retryAfter(String name, String value) {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.add(HeaderNames.create(name), value);
        return RetryAfter.from(headers, NOW);
    }

    @Test
    void retryAfterInSecondsAGoDurationOrAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), retryAfter("Retry-After", "7"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), retryAfter("Retry-After", " 1.5 "));
        assertEquals(Optional.of(Duration.ofSeconds(90)), retryAfter("Retry-After", "1m30s"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), retryAfter("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"));
        assertEquals(Optional.of(Duration.ZERO), retryAfter("Retry-After", "Wed, 31 Dec 2025 23:00:00 GMT"),
                "a date passed is no wait");
        assertEquals(Optional.of(Duration.ofMillis(250)), retryAfter("retry-after-ms", "250"));
    }

    @Test
    void aWaitOfYearsIsCutToAnHour() {
        assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("Retry-After", "99999999999999999999999"));
        assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("Retry-After", "31536000"));
        assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"));
        assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("Retry-After", "87600h"));
        assertEquals(Optional.of(Duration.ofHours(1)), retryAfter("retry-after-ms", "9223372036854775807000"));
        assertEquals(Optional.of(Duration.ofHours(1)), UpstreamWait.until("9999-12-31T23:59:59Z", NOW));
    }

    @Test
    void garbageIsIgnoredNeverThrown() {
        for (String garbage : new String[] {"Infinity", "-Infinity", "NaN", "-5", "-1m", "1e9", "0x10", "soon", "",
                "1.5.5", "Fri, 99 Dec 9999 23:59:59 GMT", "9".repeat(10_000)}) {
            assertEquals(Optional.empty(), retryAfter("Retry-After", garbage), garbage);
            assertEquals(Optional.empty(), retryAfter("retry-after-ms", garbage), garbage);
        }
        assertEquals(Optional.empty(), UpstreamWait.until("2025-12-31T00:00:00Z", NOW), "a reset passed");
        assertEquals(Optional.empty(), UpstreamWait.until("tomorrow", NOW));
    }

    @Test
    void goDurations() {
        assertEquals(Optional.of(Duration.ofMinutes(59).plusSeconds(3)), UpstreamWait.goDuration("0h59m3s"));
        assertEquals(Optional.of(Duration.ofHours(1)), UpstreamWait.goDuration("1h2m3s"), "cut to an hour");
        assertEquals(Optional.of(Duration.ofMillis(20)), UpstreamWait.goDuration("20ms"));
        assertEquals(Optional.of(Duration.ofMillis(500)), UpstreamWait.goDuration(".5s"));
        assertEquals(Optional.of(Duration.ofSeconds(360)), UpstreamWait.goDuration("6m0s"));
        assertEquals(Optional.empty(), UpstreamWait.goDuration("3x"));
        assertEquals(Optional.empty(), UpstreamWait.goDuration("s"));
    }
}

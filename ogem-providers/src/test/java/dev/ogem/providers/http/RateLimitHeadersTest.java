package dev.ogem.providers.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static WritableHeaders<?> headers(String... pairs) {
        WritableHeaders<?> headers = WritableHeaders.create();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(HeaderNames.create(pairs[i]), pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void openAiHeadersWithNothingLeftGiveTheLongestReset() {
        assertEquals(Optional.of(Duration.ofSeconds(360)), RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6m0s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "20ms"), NOW));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "1.5s"), NOW));
    }

    @Test
    void limitsThatAreNotUsedUpSayNothing() {
        assertEquals(Optional.empty(), RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-requests", "12", "x-ratelimit-reset-requests", "6m0s"), NOW));
        assertEquals(Optional.empty(), RateLimitHeaders.exhaustedFor(headers(), NOW));
        assertEquals(Optional.empty(), RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "soon"), NOW));
    }

    @Test
    void anthropicHeadersResetAtAnInstant() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), RateLimitHeaders.exhaustedFor(headers(
                "anthropic-ratelimit-requests-remaining", "5", "anthropic-ratelimit-requests-reset", "2026-01-01T00:05:00Z",
                "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2026-01-01T00:00:30Z"), NOW));
    }

    @Test
    void resetsOfYearsAreCutToAnHourAndGarbageIsIgnored() {
        assertEquals(Optional.of(Duration.ofHours(1)), RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "99999999999h"), NOW));
        assertEquals(Optional.of(Duration.ofHours(1)), RateLimitHeaders.exhaustedFor(headers(
                "anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset", "9999-12-31T23:59:59Z"),
                NOW));
        assertEquals(Optional.of(Duration.ofMillis(2500)), RateLimitHeaders.exhaustedFor(headers(
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "2.5"), NOW), "plain seconds");
        for (String garbage : new String[] {"Infinity", "NaN", "-5s", "1e400s", "", "5 s", "1h-2m"}) {
            assertEquals(Optional.empty(), RateLimitHeaders.exhaustedFor(headers(
                    "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", garbage), NOW), garbage);
        }
    }
}

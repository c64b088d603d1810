package dev.ogem.providers.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Reads how long an upstream asked us to wait: {@code retry-after-ms}, then {@code Retry-After}. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The wait the headers ask for.
     *
     * @param headers response headers
     * @return the wait, if the headers name a valid one
     */
    public static Optional<Duration> from(Headers headers) {
        Optional<Duration> millis = headers.first(HeaderNames.create("retry-after-ms"))
                .flatMap(v -> parse(v, true));
        return millis.or(() -> headers.first(HeaderNames.RETRY_AFTER).flatMap(v -> parse(v, false)));
    }

    private static Optional<Duration> parse(String value, boolean inMillis) {
        String trimmed = value.trim();
        try {
            double amount = Double.parseDouble(trimmed);
            if (amount < 0 || Double.isNaN(amount)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(inMillis ? amount : amount * 1000)));
        } catch (NumberFormatException notNumber) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }
}

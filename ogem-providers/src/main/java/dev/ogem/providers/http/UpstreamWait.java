package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an upstream asks ogem to wait, read defensively from whatever it wrote: whole or fractional
 * seconds ({@code 7}, {@code 1.5}), Go-like durations as OpenAI writes its rate-limit resets ({@code 1m30s},
 * {@code 6m0s}, {@code 20ms}), HTTP dates, and RFC 3339 instants (Anthropic's resets). Every wait is at most
 * {@link #MAX} (one hour), since a wait of years would cool a bucket for the whole fleet and outlive
 * restarts; negative waits, {@code Infinity}, {@code NaN}, exponents and other garbage are ignored, never thrown.
 */
public final class UpstreamWait {

    /** The longest wait an upstream can ask for: {@link ProviderException#MAX_RETRY_AFTER}, one hour. */
    public static final Duration MAX = ProviderException.MAX_RETRY_AFTER;

    /** Longer texts are no wait any upstream writes: ignored unread. */
    private static final int MAX_TEXT = 64;
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX.toSeconds());
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("((\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern GO_PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private UpstreamWait() {
    }

    /**
     * A wait written as seconds, a Go-like duration or an HTTP date.
     *
     * @param text the header value
     * @param now  the current time, for a date
     * @return the wait, at most {@link #MAX}; empty when the text is none of these or negative
     */
    public static Optional<Duration> parse(String text, Instant now) {
        return seconds(text).or(() -> goDuration(text)).or(() -> httpDate(text, now));
    }

    /**
     * A wait written as whole or fractional milliseconds ({@code retry-after-ms}).
     *
     * @param text the header value
     * @return the wait, at most {@link #MAX}; empty when the text is not a plain non-negative number
     */
    public static Optional<Duration> millis(String text) {
        return number(text).map(millis -> capped(millis.movePointLeft(3)));
    }

    /**
     * A wait written as plain seconds, whole or fractional.
     *
     * @param text the text
     * @return the wait, at most {@link #MAX}; empty when the text is not a plain non-negative number
     */
    public static Optional<Duration> seconds(String text) {
        return number(text).map(UpstreamWait::capped);
    }

    /**
     * A Go-like duration: {@code 1h2m3.5s}, {@code 20ms}, {@code .5s}.
     *
     * @param text the text
     * @return the wait, at most {@link #MAX}; empty when the text is not one
     */
    public static Optional<Duration> goDuration(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT || !GO_DURATION.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        BigDecimal seconds = BigDecimal.ZERO;
        Matcher part = GO_PART.matcher(trimmed);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1).endsWith(".") ? part.group(1) + "0" : part.group(1));
            seconds = seconds.add(switch (part.group(2)) {
                case "h" -> amount.multiply(BigDecimal.valueOf(3600));
                case "m" -> amount.multiply(BigDecimal.valueOf(60));
                case "s" -> amount;
                case "ms" -> amount.movePointLeft(3);
                case "ns" -> amount.movePointLeft(9);
                default -> amount.movePointLeft(6);
            });
        }
        return Optional.of(capped(seconds));
    }

    /**
     * The wait until an HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}); a date passed is no wait.
     *
     * @param text the text
     * @param now  the current time
     * @return the wait, zero for a past date, at most {@link #MAX}; empty when the text is not a date
     */
    public static Optional<Duration> httpDate(String text, Instant now) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT) {
            return Optional.empty();
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(between(now, at));
        } catch (DateTimeParseException | ArithmeticException notDate) {
            return Optional.empty();
        }
    }

    /**
     * The wait until an RFC 3339 instant ({@code 2026-01-01T00:00:30Z}).
     *
     * @param text the text
     * @param now  the current time
     * @return the wait, at most {@link #MAX}; empty when the instant has passed or the text is not one
     */
    public static Optional<Duration> until(String text, Instant now) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT) {
            return Optional.empty();
        }
        try {
            Instant at = OffsetDateTime.parse(trimmed).toInstant();
            return at.isBefore(now) ? Optional.empty() : Optional.of(between(now, at));
        } catch (DateTimeParseException | ArithmeticException notInstant) {
            return Optional.empty();
        }
    }

    /**
     * A wait, at most {@link #MAX}.
     *
     * @param wait the wait, not negative
     * @return the wait, or {@link #MAX} when it is longer
     */
    public static Duration capped(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }

    private static Optional<BigDecimal> number(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT || !NUMBER.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(trimmed));
    }

    private static Duration capped(BigDecimal seconds) {
        if (seconds.compareTo(MAX_SECONDS) >= 0) {
            return MAX;
        }
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    private static Duration between(Instant now, Instant at) {
        if (!at.isAfter(now)) {
            return Duration.ZERO;
        }
        return at.isAfter(now.plus(MAX)) ? MAX : Duration.between(now, at);
    }
}

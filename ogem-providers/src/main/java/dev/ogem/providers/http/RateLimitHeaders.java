package dev.ogem.providers.http;

import dev.ogem.api.Endpoint;
import dev.ogem.api.RateLimitListener;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the rate-limit headers a successful answer carries and reports a used-up limit. Every
 * protocol client calls {@link #report(Headers, Endpoint, String, RateLimitListener)} on each 200
 * answer (the OpenAI client does; the Anthropic client should); it understands both families:
 * <ul>
 *   <li>OpenAI: {@code x-ratelimit-remaining-requests|tokens} with {@code x-ratelimit-reset-requests|tokens}
 *       as Go-style durations ({@code 1s}, {@code 6m0s}, {@code 20ms});</li>
 *   <li>Anthropic: {@code anthropic-ratelimit-<requests|tokens|input-tokens|output-tokens>-remaining}
 *       with {@code …-reset} as RFC 3339 instants.</li>
 * </ul>
 * A family whose remaining count is {@code 0} yields its reset time; the longest one wins.
 */
public final class RateLimitHeaders {

    private static final List<Limit> OPENAI = Stream.of("requests", "tokens")
            .map(kind -> new Limit("x-ratelimit-remaining-" + kind, "x-ratelimit-reset-" + kind)).toList();
    private static final List<Limit> ANTHROPIC = Stream.of("requests", "tokens", "input-tokens", "output-tokens")
            .map(kind -> new Limit("anthropic-ratelimit-" + kind + "-remaining", "anthropic-ratelimit-" + kind + "-reset"))
            .toList();
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

    private RateLimitHeaders() {
    }

    /**
     * Tells the listener when the headers say a limit is used up.
     *
     * @param headers  the response headers of a successful answer
     * @param endpoint the endpoint that answered
     * @param model    the model name sent upstream
     * @param listener who to tell
     */
    public static void report(Headers headers, Endpoint endpoint, String model, RateLimitListener listener) {
        exhaustedFor(headers, Instant.now()).ifPresent(wait -> listener.exhausted(endpoint, model, wait));
    }

    /**
     * A reporter bound to one endpoint, for clients to call with each successful answer's headers
     * and the model name sent upstream.
     *
     * @param endpoint the endpoint the client serves
     * @param listener who to tell
     * @return the reporter
     */
    public static BiConsumer<Headers, String> reporter(Endpoint endpoint, RateLimitListener listener) {
        return (headers, model) -> report(headers, endpoint, model, listener);
    }

    /**
     * How long the headers say no more requests will pass.
     *
     * @param headers response headers
     * @param now     the current time, for Anthropic's absolute reset instants
     * @return the wait until the longest exhausted limit resets, or empty when none is exhausted
     */
    public static Optional<Duration> exhaustedFor(Headers headers, Instant now) {
        Duration longest = Duration.ZERO;
        for (Limit limit : OPENAI) {
            if (limit.exhausted(headers)) {
                longest = max(longest, headers.first(limit.reset()).flatMap(RateLimitHeaders::goDuration));
            }
        }
        for (Limit limit : ANTHROPIC) {
            if (limit.exhausted(headers)) {
                longest = max(longest, headers.first(limit.reset()).flatMap(v -> until(v, now)));
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /**
     * Parses a Go-style duration as OpenAI writes it ({@code 1h2m3.5s}, {@code 20ms}).
     *
     * @param text the duration
     * @return the duration, or empty when it is not one
     */
    static Optional<Duration> goDuration(String text) {
        String trimmed = text.trim();
        Matcher matcher = GO_PART.matcher(trimmed);
        double nanos = 0;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return Optional.empty();
            }
            end = matcher.end();
            double amount = Double.parseDouble(matcher.group(1));
            nanos += amount * switch (matcher.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
        }
        return end == 0 || end != trimmed.length() ? Optional.empty() : Optional.of(Duration.ofNanos((long) nanos));
    }

    private static Optional<Duration> until(String instant, Instant now) {
        try {
            Duration wait = Duration.between(now, OffsetDateTime.parse(instant.trim()).toInstant());
            return wait.isNegative() ? Optional.empty() : Optional.of(wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One limit's pair of headers, named once (not per answer). */
    private record Limit(HeaderName remaining, HeaderName reset) {
        Limit(String remaining, String reset) {
            this(HeaderNames.create(remaining), HeaderNames.create(reset));
        }

        boolean exhausted(Headers headers) {
            return headers.first(remaining).map(String::trim).filter(v -> v.equals("0")).isPresent();
        }
    }

    private static Duration max(Duration current, Optional<Duration> candidate) {
        return candidate.filter(c -> c.compareTo(current) > 0).orElse(current);
    }
}

package dev.ogem.providers.http;

import dev.ogem.api.Endpoint;
import dev.ogem.api.RateLimitListener;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Reads the rate-limit headers a successful answer carries and reports a used-up limit. Every
 * protocol client calls {@link #report(Headers, Endpoint, String, RateLimitListener)} on each 200
 * answer (the OpenAI client does; the Anthropic client should); it understands both families:
 * <ul>
 *   <li>OpenAI: {@code x-ratelimit-remaining-requests|tokens} with {@code x-ratelimit-reset-requests|tokens}
 *       as Go-style durations ({@code 1s}, {@code 6m0s}, {@code 20ms}) or plain seconds;</li>
 *   <li>Anthropic: {@code anthropic-ratelimit-<requests|tokens|input-tokens|output-tokens>-remaining}
 *       with {@code …-reset} as RFC 3339 instants.</li>
 * </ul>
 * A family whose remaining count is {@code 0} yields its reset time; the longest one wins, and no wait is
 * longer than {@link UpstreamWait#MAX}. A reset that is not a valid time is ignored.
 */
public final class RateLimitHeaders {

    private static final List<Limit> OPENAI = Stream.of("requests", "tokens")
            .map(kind -> new Limit("x-ratelimit-remaining-" + kind, "x-ratelimit-reset-" + kind)).toList();
    private static final List<Limit> ANTHROPIC = Stream.of("requests", "tokens", "input-tokens", "output-tokens")
            .map(kind -> new Limit("anthropic-ratelimit-" + kind + "-remaining", "anthropic-ratelimit-" + kind + "-reset"))
            .toList();

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
                longest = max(longest, headers.first(limit.reset())
                        .flatMap(v -> UpstreamWait.goDuration(v).or(() -> UpstreamWait.seconds(v))));
            }
        }
        for (Limit limit : ANTHROPIC) {
            if (limit.exhausted(headers)) {
                longest = max(longest, headers.first(limit.reset()).flatMap(v -> UpstreamWait.until(v, now)));
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
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

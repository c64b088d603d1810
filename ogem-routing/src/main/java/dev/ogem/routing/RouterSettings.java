package dev.ogem.routing;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the router decides, times and waits. {@link #defaults()} holds the documented defaults; the
 * {@code with…} methods change one thing.
 *
 * @param clock               source of every time decision (deadlines, circuit timing, failure penalties)
 * @param nanoTime            monotonic nanoseconds, for measuring latency
 * @param sleeper             how the router waits for quota (tests pass one that advances a fake clock)
 * @param requestTimeout      the deadline of a request that names none (default 10 min)
 * @param firstByteTimeout    the longest one upstream attempt may take to yield its first chunk (streams) or its
 *                            answer (plain calls) before the next endpoint is tried (default 120 s)
 * @param cacheTtl            how long cached answers live (default 24 h)
 * @param defaultOutputTokens output budget reserved when the request sets no {@code max_completion_tokens} or
 *                            {@code max_tokens} (default 1024)
 * @param rateLimitCooldown   how long an upstream 429 without {@code Retry-After} cools its bucket (default 10 s)
 * @param circuitFailures     consecutive failures (5xx, timeouts, unreachable) that open an endpoint's circuit (default 3)
 * @param circuitOpen         how long an open circuit keeps an endpoint out before one trial request (default 30 s)
 * @param failurePenalty      how long one failure moves an endpoint behind the healthy ones (default 10 s)
 * @param pingTimeout         the longest a latency ping may take before it counts as failed (default 10 s)
 */
public record RouterSettings(InstantSource clock,
                             LongSupplier nanoTime,
                             Sleeper sleeper,
                             Duration requestTimeout,
                             Duration firstByteTimeout,
                             Duration cacheTtl,
                             int defaultOutputTokens,
                             Duration rateLimitCooldown,
                             int circuitFailures,
                             Duration circuitOpen,
                             Duration failurePenalty,
                             Duration pingTimeout) {

    /** Waits; interruptible. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits for a while.
         *
         * @param duration how long
         * @throws InterruptedException when interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Checks the values. */
    public RouterSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(sleeper, "sleeper");
        positive(requestTimeout, "requestTimeout");
        positive(firstByteTimeout, "firstByteTimeout");
        positive(cacheTtl, "cacheTtl");
        positive(rateLimitCooldown, "rateLimitCooldown");
        positive(circuitOpen, "circuitOpen");
        positive(pingTimeout, "pingTimeout");
        Objects.requireNonNull(failurePenalty, "failurePenalty");
        if (defaultOutputTokens < 0 || circuitFailures < 1) {
            throw new IllegalArgumentException("defaultOutputTokens must be >= 0 and circuitFailures >= 1");
        }
    }

    /**
     * The defaults, on the system clock.
     *
     * @return the settings
     */
    public static RouterSettings defaults() {
        return new RouterSettings(InstantSource.system(), System::nanoTime, d -> Thread.sleep(d),
                Duration.ofMinutes(10), Duration.ofSeconds(120), Duration.ofHours(24), 1024, Duration.ofSeconds(10),
                3, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /**
     * Another clock and way of waiting (tests: a fake clock and a sleeper that advances it).
     *
     * @param newClock   the clock
     * @param newSleeper the sleeper
     * @return a copy
     */
    public RouterSettings withClock(InstantSource newClock, Sleeper newSleeper) {
        return new RouterSettings(newClock, nanoTime, newSleeper, requestTimeout, firstByteTimeout, cacheTtl,
                defaultOutputTokens, rateLimitCooldown, circuitFailures, circuitOpen, failurePenalty, pingTimeout);
    }

    /**
     * Another default request deadline.
     *
     * @param timeout the deadline
     * @return a copy
     */
    public RouterSettings withRequestTimeout(Duration timeout) {
        return new RouterSettings(clock, nanoTime, sleeper, timeout, firstByteTimeout, cacheTtl,
                defaultOutputTokens, rateLimitCooldown, circuitFailures, circuitOpen, failurePenalty, pingTimeout);
    }

    /**
     * Another first-byte timeout.
     *
     * @param timeout the timeout
     * @return a copy
     */
    public RouterSettings withFirstByteTimeout(Duration timeout) {
        return new RouterSettings(clock, nanoTime, sleeper, requestTimeout, timeout, cacheTtl,
                defaultOutputTokens, rateLimitCooldown, circuitFailures, circuitOpen, failurePenalty, pingTimeout);
    }

    /**
     * Another cache time to live.
     *
     * @param ttl the time to live
     * @return a copy
     */
    public RouterSettings withCacheTtl(Duration ttl) {
        return new RouterSettings(clock, nanoTime, sleeper, requestTimeout, firstByteTimeout, ttl,
                defaultOutputTokens, rateLimitCooldown, circuitFailures, circuitOpen, failurePenalty, pingTimeout);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}

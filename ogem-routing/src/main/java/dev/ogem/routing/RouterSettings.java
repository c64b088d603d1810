package dev.ogem.routing;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the router decides, times and waits. Build it with {@link #builder()}, which holds the documented
 * defaults; {@link #toBuilder()} changes a copy.
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
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().clock(clock).nanoTime(nanoTime).sleeper(sleeper).requestTimeout(requestTimeout)
                .firstByteTimeout(firstByteTimeout).cacheTtl(cacheTtl).defaultOutputTokens(defaultOutputTokens)
                .rateLimitCooldown(rateLimitCooldown).circuitFailures(circuitFailures).circuitOpen(circuitOpen)
                .failurePenalty(failurePenalty).pingTimeout(pingTimeout);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /**
     * Builds {@link RouterSettings}; every value starts at its default (see the setters).
     */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private LongSupplier nanoTime = System::nanoTime;
        private Sleeper sleeper = Thread::sleep;
        private Duration requestTimeout = Duration.ofMinutes(10);
        private Duration firstByteTimeout = Duration.ofSeconds(120);
        private Duration cacheTtl = Duration.ofHours(24);
        private int defaultOutputTokens = 1024;
        private Duration rateLimitCooldown = Duration.ofSeconds(10);
        private int circuitFailures = 3;
        private Duration circuitOpen = Duration.ofSeconds(30);
        private Duration failurePenalty = Duration.ofSeconds(10);
        private Duration pingTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * The source of every time decision; default the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            this.clock = value;
            return this;
        }

        /**
         * Monotonic nanoseconds for latency; default {@link System#nanoTime()}.
         *
         * @param value the time source
         * @return this builder
         */
        public Builder nanoTime(LongSupplier value) {
            this.nanoTime = value;
            return this;
        }

        /**
         * How the router waits for quota; default {@link Thread#sleep(Duration)} (tests pass one that advances a
         * fake clock).
         *
         * @param value the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper value) {
            this.sleeper = value;
            return this;
        }

        /**
         * The deadline of a request that names none; default 10 min.
         *
         * @param value the deadline
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /**
         * The longest one upstream attempt may take to its first chunk or answer; default 120 s.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder firstByteTimeout(Duration value) {
            this.firstByteTimeout = value;
            return this;
        }

        /**
         * How long cached answers live; default 24 h.
         *
         * @param value the time to live
         * @return this builder
         */
        public Builder cacheTtl(Duration value) {
            this.cacheTtl = value;
            return this;
        }

        /**
         * The output budget reserved when a request sets none; default 1024 tokens.
         *
         * @param value the tokens
         * @return this builder
         */
        public Builder defaultOutputTokens(int value) {
            this.defaultOutputTokens = value;
            return this;
        }

        /**
         * How long an upstream 429 without {@code Retry-After} cools its bucket; default 10 s.
         *
         * @param value the cooldown
         * @return this builder
         */
        public Builder rateLimitCooldown(Duration value) {
            this.rateLimitCooldown = value;
            return this;
        }

        /**
         * Consecutive failures that open an endpoint's circuit; default 3.
         *
         * @param value the failures
         * @return this builder
         */
        public Builder circuitFailures(int value) {
            this.circuitFailures = value;
            return this;
        }

        /**
         * How long an open circuit keeps an endpoint out before one trial request; default 30 s.
         *
         * @param value the time
         * @return this builder
         */
        public Builder circuitOpen(Duration value) {
            this.circuitOpen = value;
            return this;
        }

        /**
         * How long one failure moves an endpoint behind the healthy ones; default 10 s.
         *
         * @param value the penalty
         * @return this builder
         */
        public Builder failurePenalty(Duration value) {
            this.failurePenalty = value;
            return this;
        }

        /**
         * The longest a latency ping may take before it counts as failed; default 10 s.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder pingTimeout(Duration value) {
            this.pingTimeout = value;
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a value is out of range
         */
        public RouterSettings build() {
            return new RouterSettings(clock, nanoTime, sleeper, requestTimeout, firstByteTimeout, cacheTtl,
                    defaultOutputTokens, rateLimitCooldown, circuitFailures, circuitOpen, failurePenalty, pingTimeout);
        }
    }
}

package dev.ogem.batch;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link BatchQueue} flushes, polls, waits and remembers. Build it with {@link #builder()}, which
 * holds the defaults listed here; {@link #toBuilder()} changes a copy.
 *
 * @param flushAfter   a queue is flushed this long after its <em>first</em> request (more requests
 *                     never postpone it); 10 s by default
 * @param maxRequests  a queue is flushed at once when it holds this many requests; 50,000 (OpenAI's limit)
 * @param maxBytes     a queue is flushed before its input file would grow past this; 200 MB (OpenAI's limit)
 * @param maxWait      the longest a caller is kept waiting, whatever it asks for; 10 min by default
 * @param pollFirst    first wait between two polls of a batch; 1 s by default; it doubles after each poll
 * @param pollMax      the cap of that wait; 30 s by default
 * @param retention    how long a completed answer is given at once to a resend of the same request; 24 h
 * @param closeTimeout the longest {@link BatchQueue#close()} spends sending the queued requests upstream
 *                     and recording their batches; 30 s by default
 * @param reconcileAfter how long a batch may stay recorded as being created before any instance takes it
 *                     for orphaned by a crash and looks it up upstream (or creates it); longer than one
 *                     creation call may take; 10 min by default
 * @param clock        source of the times shown in {@link BatchStatus} and of the jobs' creation times
 */
public record BatchSettings(Duration flushAfter,
                            int maxRequests,
                            long maxBytes,
                            Duration maxWait,
                            Duration pollFirst,
                            Duration pollMax,
                            Duration retention,
                            Duration closeTimeout,
                            Duration reconcileAfter,
                            InstantSource clock) {

    /**
     * Checks the components.
     */
    public BatchSettings {
        positive(flushAfter, "flushAfter");
        positive(maxWait, "maxWait");
        positive(pollFirst, "pollFirst");
        positive(pollMax, "pollMax");
        positive(retention, "retention");
        positive(closeTimeout, "closeTimeout");
        positive(reconcileAfter, "reconcileAfter");
        Objects.requireNonNull(clock, "clock");
        if (maxRequests < 1 || maxRequests > 50_000) {
            throw new IllegalArgumentException("maxRequests must be 1..50000: " + maxRequests);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024: " + maxBytes);
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
        return new Builder().flushAfter(flushAfter).maxRequests(maxRequests).maxBytes(maxBytes).maxWait(maxWait)
                .pollFirst(pollFirst).pollMax(pollMax).retention(retention).closeTimeout(closeTimeout)
                .reconcileAfter(reconcileAfter).clock(clock);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /**
     * Builds {@link BatchSettings}; every value starts at its default (see the setters).
     */
    public static final class Builder {
        private Duration flushAfter = Duration.ofSeconds(10);
        private int maxRequests = 50_000;
        private long maxBytes = 200_000_000L;
        private Duration maxWait = Duration.ofMinutes(10);
        private Duration pollFirst = Duration.ofSeconds(1);
        private Duration pollMax = Duration.ofSeconds(30);
        private Duration retention = Duration.ofHours(24);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration reconcileAfter = Duration.ofMinutes(10);
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /**
         * How long after its first request a queue is flushed; default 10 s.
         *
         * @param value the flush window
         * @return this builder
         */
        public Builder flushAfter(Duration value) {
            this.flushAfter = value;
            return this;
        }

        /**
         * Most requests in one input file; default 50,000 (OpenAI's limit).
         *
         * @param value the requests, 1 to 50,000
         * @return this builder
         */
        public Builder maxRequests(int value) {
            this.maxRequests = value;
            return this;
        }

        /**
         * Most bytes of one input file; default 200 MB (OpenAI's limit).
         *
         * @param value the bytes, at least 1024
         * @return this builder
         */
        public Builder maxBytes(long value) {
            this.maxBytes = value;
            return this;
        }

        /**
         * The longest a caller is kept waiting, whatever it asks for; default 10 min.
         *
         * @param value the wait
         * @return this builder
         */
        public Builder maxWait(Duration value) {
            this.maxWait = value;
            return this;
        }

        /**
         * The first wait between two polls of a batch, doubling after each poll; default 1 s.
         *
         * @param value the wait
         * @return this builder
         */
        public Builder pollFirst(Duration value) {
            this.pollFirst = value;
            return this;
        }

        /**
         * The cap of the doubling poll wait; default 30 s.
         *
         * @param value the cap
         * @return this builder
         */
        public Builder pollMax(Duration value) {
            this.pollMax = value;
            return this;
        }

        /**
         * How long a completed answer is given at once to a resend of the same request; default 24 h.
         *
         * @param value the retention
         * @return this builder
         */
        public Builder retention(Duration value) {
            this.retention = value;
            return this;
        }

        /**
         * The longest closing spends sending queued requests upstream and recording their batches; default 30 s.
         *
         * @param value the bound
         * @return this builder
         */
        public Builder closeTimeout(Duration value) {
            this.closeTimeout = value;
            return this;
        }

        /**
         * How long a batch may stay recorded as being created before it counts as orphaned by a crash and any
         * instance looks it up upstream, or creates it; default 10 min. Keep it longer than one creation call
         * may take (the providers' read timeout).
         *
         * @param value the wait
         * @return this builder
         */
        public Builder reconcileAfter(Duration value) {
            this.reconcileAfter = value;
            return this;
        }

        /**
         * The source of the times shown in {@link BatchStatus}; default the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            this.clock = value;
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a value is out of range
         */
        public BatchSettings build() {
            return new BatchSettings(flushAfter, maxRequests, maxBytes, maxWait, pollFirst, pollMax, retention,
                    closeTimeout, reconcileAfter, clock);
        }
    }
}

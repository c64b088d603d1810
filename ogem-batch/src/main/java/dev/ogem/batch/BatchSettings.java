package dev.ogem.batch;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link BatchQueue} flushes, polls, waits and remembers. Start from {@link #defaults()} and
 * change what you need with the {@code with…} methods.
 *
 * @param flushAfter   a queue is flushed this long after its <em>first</em> request (more requests
 *                     never postpone it); 10 s by default
 * @param maxRequests  a queue is flushed at once when it holds this many requests; 50,000 (OpenAI's limit)
 * @param maxBytes     a queue is flushed before its input file would grow past this; 200 MB (OpenAI's limit)
 * @param maxWait      the longest a caller is kept waiting, whatever it asks for; 10 min by default
 * @param pollFirst    first wait between two polls of a batch; 1 s by default; it doubles after each poll
 * @param pollMax      the cap of that wait; 30 s by default
 * @param retention    how long a completed answer is given at once to a resend of the same request; 24 h
 * @param clock        source of the times shown in {@link BatchStatus}
 */
public record BatchSettings(Duration flushAfter,
                            int maxRequests,
                            long maxBytes,
                            Duration maxWait,
                            Duration pollFirst,
                            Duration pollMax,
                            Duration retention,
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
        Objects.requireNonNull(clock, "clock");
        if (maxRequests < 1 || maxRequests > 50_000) {
            throw new IllegalArgumentException("maxRequests must be 1..50000: " + maxRequests);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024: " + maxBytes);
        }
    }

    /**
     * The production defaults listed on the components.
     *
     * @return the settings
     */
    public static BatchSettings defaults() {
        return new BatchSettings(Duration.ofSeconds(10), 50_000, 200_000_000L, Duration.ofMinutes(10),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(24), InstantSource.system());
    }

    /**
     * A copy with another flush window.
     *
     * @param value time after a queue's first request
     * @return the new settings
     */
    public BatchSettings withFlushAfter(Duration value) {
        return new BatchSettings(value, maxRequests, maxBytes, maxWait, pollFirst, pollMax, retention, clock);
    }

    /**
     * A copy with other size limits of one batch.
     *
     * @param requests most requests in one input file
     * @param bytes    most bytes of one input file
     * @return the new settings
     */
    public BatchSettings withLimits(int requests, long bytes) {
        return new BatchSettings(flushAfter, requests, bytes, maxWait, pollFirst, pollMax, retention, clock);
    }

    /**
     * A copy with another server maximum wait.
     *
     * @param value the longest wait of any caller
     * @return the new settings
     */
    public BatchSettings withMaxWait(Duration value) {
        return new BatchSettings(flushAfter, maxRequests, maxBytes, value, pollFirst, pollMax, retention, clock);
    }

    /**
     * A copy with another poll backoff.
     *
     * @param first first wait
     * @param max   cap of the doubling wait
     * @return the new settings
     */
    public BatchSettings withPolling(Duration first, Duration max) {
        return new BatchSettings(flushAfter, maxRequests, maxBytes, maxWait, first, max, retention, clock);
    }

    /**
     * A copy with another retention of answers.
     *
     * @param value how long a completed answer is kept
     * @return the new settings
     */
    public BatchSettings withRetention(Duration value) {
        return new BatchSettings(flushAfter, maxRequests, maxBytes, maxWait, pollFirst, pollMax, value, clock);
    }

    /**
     * A copy with another clock.
     *
     * @param value the clock
     * @return the new settings
     */
    public BatchSettings withClock(InstantSource value) {
        return new BatchSettings(flushAfter, maxRequests, maxBytes, maxWait, pollFirst, pollMax, retention, value);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}

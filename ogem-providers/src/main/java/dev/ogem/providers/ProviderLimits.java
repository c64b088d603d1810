package dev.ogem.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds ogem puts on what an upstream sends, so that no upstream can hold a connection without end.
 * Start from {@link #defaults()} and change with the {@code with…} methods.
 *
 * @param streamIdleTimeout the longest a stream may wait for a chunk that carries something for the client
 *                          (content, a tool call, a finish reason, usage); keep-alive comments, Anthropic
 *                          {@code ping} events and events that carry nothing do not count, and neither does
 *                          the time the caller spends between two reads. Past it the stream ends with a
 *                          {@code TIMEOUT} and the connection is closed. Default 120 s
 */
public record ProviderLimits(Duration streamIdleTimeout) {

    /** The default idle time of a stream: 120 s. */
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(120);

    /** Checks that every bound is positive. */
    public ProviderLimits {
        Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()) {
            throw new IllegalArgumentException("streamIdleTimeout must be positive: " + streamIdleTimeout);
        }
    }

    /**
     * 120 s of stream idleness.
     *
     * @return the limits
     */
    public static ProviderLimits defaults() {
        return new ProviderLimits(STREAM_IDLE_TIMEOUT);
    }

    /**
     * A copy with another stream idle timeout.
     *
     * @param timeout the longest a stream may go without a chunk for the client
     * @return a copy
     */
    public ProviderLimits withStreamIdleTimeout(Duration timeout) {
        return new ProviderLimits(timeout);
    }
}

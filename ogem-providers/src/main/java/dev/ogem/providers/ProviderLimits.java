package dev.ogem.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds ogem puts on what an upstream sends, so that no upstream can hold a connection or the heap
 * without end. Start from {@link #defaults()} and change with the {@code with…} methods.
 *
 * @param streamIdleTimeout the longest a stream may wait for a chunk that carries something for the client
 *                          (content, a tool call, a finish reason, usage); keep-alive comments, Anthropic
 *                          {@code ping} events and events that carry nothing do not count, and neither does
 *                          the time the caller spends between two reads. Past it the stream ends with a
 *                          {@code TIMEOUT} and the connection is closed. Default 120 s
 * @param maxAnswerBytes    the largest plain (not streamed) answer body read; past it the answer is a
 *                          {@code BAD_RESPONSE} and the connection is closed. An answer holds at most the
 *                          model's output limit of text, a few MB with logprobs or generated images; the
 *                          default, 64 MiB, leaves room for that and stops a runaway body long before the heap
 * @param maxEventBytes     the largest line, and the largest event, of an upstream stream; past it the stream
 *                          ends with a {@code BAD_RESPONSE} and the connection is closed. Default 16 MiB
 */
public record ProviderLimits(Duration streamIdleTimeout, long maxAnswerBytes, int maxEventBytes) {

    /** The default idle time of a stream: 120 s. */
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(120);

    /** The default bound of a plain answer: 64 MiB. */
    public static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

    /** The default bound of one stream line or event: 16 MiB. */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    /** Checks that every bound is positive. */
    public ProviderLimits {
        Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()) {
            throw new IllegalArgumentException("streamIdleTimeout must be positive: " + streamIdleTimeout);
        }
        positive("maxAnswerBytes", maxAnswerBytes);
        positive("maxEventBytes", maxEventBytes);
    }

    /**
     * 120 s of stream idleness, 64 MiB per answer, 16 MiB per stream line or event.
     *
     * @return the limits
     */
    public static ProviderLimits defaults() {
        return new ProviderLimits(STREAM_IDLE_TIMEOUT, MAX_ANSWER_BYTES, MAX_EVENT_BYTES);
    }

    /**
     * A copy with another stream idle timeout.
     *
     * @param timeout the longest a stream may go without a chunk for the client
     * @return a copy
     */
    public ProviderLimits withStreamIdleTimeout(Duration timeout) {
        return new ProviderLimits(timeout, maxAnswerBytes, maxEventBytes);
    }

    /**
     * A copy with other bounds on what an upstream sends.
     *
     * @param answerBytes the largest plain answer body
     * @param eventBytes  the largest stream line or event
     * @return a copy
     */
    public ProviderLimits withMaxUpstreamBytes(long answerBytes, int eventBytes) {
        return new ProviderLimits(streamIdleTimeout, answerBytes, eventBytes);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}

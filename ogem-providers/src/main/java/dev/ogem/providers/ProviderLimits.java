package dev.ogem.providers;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds ogem puts on what an upstream sends and on what a request makes ogem fetch, so that no upstream
 * and no request can hold a connection, the heap or the network without end. Start from {@link #defaults()}
 * and change with the {@code with…} methods.
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
 * @param maxImageFetches   the most image URLs one request may make ogem download (for the upstreams that take
 *                          images only inline); past it the request is the caller's 400. Default 20
 * @param maxImageBytes     the most bytes the images one request makes ogem download may add up to (each is
 *                          also at most 20 MB); past it the request is the caller's 400. Default 24 MiB: as
 *                          base64 in the upstream request that is 32 MiB, what a body of the gateway's default
 *                          {@code MAX_REQUEST_BYTES} carries inline, so a request holds no more by naming its
 *                          images by URL than by sending them (while it holds them, they count against the
 *                          {@link MemoryBudget})
 */
public record ProviderLimits(Duration streamIdleTimeout, long maxAnswerBytes, int maxEventBytes, int maxImageFetches,
                             long maxImageBytes) {

    /** The default idle time of a stream: 120 s. */
    public static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(120);

    /** The default bound of a plain answer: 64 MiB. */
    public static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

    /** The default bound of one stream line or event: 16 MiB. */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    /** The default number of images one request may make ogem download: 20. */
    public static final int MAX_IMAGE_FETCHES = 20;

    /** The default total of the image bytes one request may make ogem download: 24 MiB. */
    public static final long MAX_IMAGE_BYTES = 24L * 1024 * 1024;

    /** Checks that every bound is positive. */
    public ProviderLimits {
        Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()) {
            throw new IllegalArgumentException("streamIdleTimeout must be positive: " + streamIdleTimeout);
        }
        positive("maxAnswerBytes", maxAnswerBytes);
        positive("maxEventBytes", maxEventBytes);
        positive("maxImageFetches", maxImageFetches);
        positive("maxImageBytes", maxImageBytes);
    }

    /**
     * 120 s of stream idleness, 64 MiB per answer, 16 MiB per stream line or event, 20 image downloads of at
     * most 24 MiB in all per request.
     *
     * @return the limits
     */
    public static ProviderLimits defaults() {
        return new ProviderLimits(STREAM_IDLE_TIMEOUT, MAX_ANSWER_BYTES, MAX_EVENT_BYTES, MAX_IMAGE_FETCHES,
                MAX_IMAGE_BYTES);
    }

    /**
     * A copy with another stream idle timeout.
     *
     * @param timeout the longest a stream may go without a chunk for the client
     * @return a copy
     */
    public ProviderLimits withStreamIdleTimeout(Duration timeout) {
        return new ProviderLimits(timeout, maxAnswerBytes, maxEventBytes, maxImageFetches, maxImageBytes);
    }

    /**
     * A copy with other bounds on what an upstream sends.
     *
     * @param answerBytes the largest plain answer body
     * @param eventBytes  the largest stream line or event
     * @return a copy
     */
    public ProviderLimits withMaxUpstreamBytes(long answerBytes, int eventBytes) {
        return new ProviderLimits(streamIdleTimeout, answerBytes, eventBytes, maxImageFetches, maxImageBytes);
    }

    /**
     * A copy with other bounds on the images one request may make ogem download.
     *
     * @param fetches the most downloads
     * @param bytes   the most bytes downloaded in all
     * @return a copy
     */
    public ProviderLimits withImageFetches(int fetches, long bytes) {
        return new ProviderLimits(streamIdleTimeout, maxAnswerBytes, maxEventBytes, fetches, bytes);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}

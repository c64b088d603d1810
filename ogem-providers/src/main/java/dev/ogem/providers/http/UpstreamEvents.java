package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;
import dev.ogem.providers.ProviderLimits;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server-sent events of one upstream stream, as every protocol's chunk stream reads them: one at a
 * time, under the stream's {@link ProviderLimits}, with every failure a {@link ProviderException}.
 *
 * <ul>
 *   <li>Size: a line or an event longer than {@link ProviderLimits#maxEventBytes()} ends the stream with a
 *       {@code BAD_RESPONSE} naming the limit, and the connection is closed.</li>
 *   <li>Idle: the stream's reader may wait at most {@link ProviderLimits#streamIdleTimeout()} for a chunk
 *       that carries something for the client; the chunk stream says when it hands one out
 *       ({@link #delivered()}), so keep-alive comments and events that carry nothing do not count. Past it
 *       a watchdog closes the connection and the blocked read ends with a {@code TIMEOUT}.</li>
 *   <li>Close from any thread: {@link #close()} may be called while another thread is blocked in
 *       {@link #next()}; the connection is closed at once and that read ends with a {@code TIMEOUT} saying
 *       the stream was closed. This is what lets a caller enforce a deadline of its own with a watchdog.</li>
 *   <li>End: once the protocol's end marker arrived ({@link #ended()}), closing reads the rest of the body
 *       first, so that the connection is kept for the next request; any other close drops the connection.</li>
 *   <li>Bursts: the body is read ahead on a virtual thread of its own, a bounded amount, so that
 *       {@link #hasBufferedEvent()} sees the events that already arrived and a relay writes a burst at once.</li>
 * </ul>
 */
public final class UpstreamEvents implements AutoCloseable {

    private final ReadAheadBody body;
    private final SseReader reader;
    private final AutoCloseable release;
    private final Duration idleTimeout;
    private final StreamWatchdog.Watch watch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ended;

    /**
     * Events from a body.
     *
     * @param body    the response body
     * @param release closes the upstream response (and with it the connection, unless it was read to its end)
     * @param limits  the stream's limits
     */
    public UpstreamEvents(InputStream body, AutoCloseable release, ProviderLimits limits) {
        this.body = ReadAheadBody.start(body);
        this.reader = new SseReader(this.body, limits.maxEventBytes());
        this.release = release;
        this.idleTimeout = limits.streamIdleTimeout();
        this.watch = StreamWatchdog.start(idleTimeout, this::closeBody);
    }

    /**
     * Blocks for the next event that carries data.
     *
     * @return the event, or empty at the end of the body
     * @throws ProviderException {@code TIMEOUT} when the stream was idle too long, was closed, or the upstream
     *                           went silent past the read timeout; {@code BAD_RESPONSE} when the connection
     *                           broke. The connection is closed in every case.
     */
    public Optional<SseEvent> next() {
        if (closed.get()) {
            throw closedWhileWaiting();
        }
        watch.awaiting();
        try {
            return reader.next();
        } catch (IOException | RuntimeException e) {
            boolean closedByCaller = closed.get();
            close();
            throw failure(e, closedByCaller);
        }
    }

    /**
     * The chunk stream handed out a chunk that carries something for the client: the idle clock stops
     * until the reader waits again.
     */
    public void delivered() {
        watch.delivered();
    }

    /**
     * The protocol's end marker arrived: the stream is whole, no longer watched for idleness, and what follows
     * is the end of the body, read on close for keep-alive.
     */
    public void ended() {
        ended = true;
        watch.stop();
    }

    /**
     * Whether the bytes already received hold a whole event; never blocks.
     *
     * @return true when {@link #next()} would not wait for the network
     */
    public boolean hasBufferedEvent() {
        return !closed.get() && reader.hasBufferedEvent();
    }

    /**
     * The error of a stream that ended without its protocol's end marker: the upstream was cut off, and the
     * answer the client got so far is not whole.
     *
     * @param protocol the upstream's protocol, such as {@code Anthropic}
     * @param marker   what a whole stream ends with, such as {@code message_stop}
     * @return the error, {@code BAD_RESPONSE}
     */
    public static ProviderException cutOff(String protocol, String marker) {
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE, "The " + protocol
                + " stream was cut off: the upstream closed it before " + marker + ", so the answer is incomplete.");
    }

    /** Ends the stream and releases the connection; safe to call twice and from any thread. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watch.stop();
            if (ended) {
                reader.skipRest();
            }
            closeBody();
        }
    }

    /**
     * A waiting read ends at once, and the response is released: its connection is dropped unless the body was
     * read to its end, which also ends the upstream read in progress.
     */
    private void closeBody() {
        body.close();
        try {
            release.close();
        } catch (Exception ignored) {
            // the connection is gone either way
        }
    }

    private ProviderException failure(Exception e, boolean closedByCaller) {
        if (e instanceof ProviderException provider) {
            return provider;
        }
        if (watch.fired()) {
            return ProviderException.of(ProviderException.Kind.TIMEOUT, "The upstream stream sent nothing for the"
                    + " client for " + seconds(idleTimeout) + " (keep-alives and empty events do not count), so"
                    + " ogem closed it.", e);
        }
        if (closedByCaller) {
            return closedWhileWaiting();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return ProviderException.of(ProviderException.Kind.TIMEOUT,
                        "The upstream stream went silent for longer than the read timeout.", e);
            }
        }
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE, "The upstream stream broke off.", e);
    }

    private static ProviderException closedWhileWaiting() {
        return ProviderException.of(ProviderException.Kind.TIMEOUT,
                "The stream was closed before the upstream ended it.");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}

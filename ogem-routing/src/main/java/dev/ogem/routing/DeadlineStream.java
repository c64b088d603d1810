package dev.ogem.routing;

import dev.ogem.api.ChunkStream;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.Usage;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a request's deadline ({@code x-ogem-timeout}, else the router's request timeout) for the whole of
 * a routed stream, not only until its first chunk. One timer (a virtual thread) serves every stream: when a
 * stream's deadline comes, it closes the stream, which ends a read blocked on the upstream at once; and
 * every read checks the deadline first. Past it the reader gets a {@code TIMEOUT} (504
 * {@code upstream_timeout}) saying the deadline passed, which a relay sends as the stream's last, error,
 * event. Closing the stream cancels its timer.
 */
final class DeadlineStream implements ChunkStream {

    private final ChunkStream upstream;
    /** The deadline in epoch milliseconds, compared with the clock's millis: no {@link Instant} per read. */
    private final long deadlineMillis;
    private final InstantSource clock;
    private final ScheduledFuture<?> timer;
    private volatile boolean expired;

    private DeadlineStream(ChunkStream upstream, Instant deadline, InstantSource clock) {
        this.upstream = upstream;
        this.deadlineMillis = deadline.toEpochMilli();
        this.clock = clock;
        long delay = Math.max(1, Duration.between(clock.instant(), deadline).toNanos());
        this.timer = Timer.EXECUTOR.schedule(this::expire, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Watches a stream until its deadline.
     *
     * @param upstream the routed stream
     * @param deadline when the request must be over
     * @param clock    the router's clock, that set the deadline
     * @return the stream, ended past its deadline
     */
    static ChunkStream watch(ChunkStream upstream, Instant deadline, InstantSource clock) {
        return new DeadlineStream(upstream, deadline, clock);
    }

    @Override
    public Optional<StreamChunk> next() {
        if (expired || clock.millis() >= deadlineMillis) {
            expire();
            throw deadlinePassed(null);
        }
        try {
            return upstream.next();
        } catch (RuntimeException e) {
            if (expired) {
                throw deadlinePassed(e);
            }
            throw e;
        }
    }

    @Override
    public boolean hasBuffered() {
        return !expired && upstream.hasBuffered();
    }

    @Override
    public Optional<Usage> usage() {
        return upstream.usage();
    }

    @Override
    public void close() {
        timer.cancel(false);
        upstream.close();
    }

    private void expire() {
        expired = true;
        close();
    }

    private static ProviderException deadlinePassed(Throwable cause) {
        return ProviderException.of(ProviderException.Kind.TIMEOUT, "The request's deadline passed while the answer"
                + " was still streaming (x-ogem-timeout, else the gateway's request timeout), so ogem ended it; the"
                + " answer is incomplete.", cause);
    }

    /** The shared timer, started on first use. */
    private static final class Timer {
        private static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                    Thread.ofVirtual().name("ogem-stream-deadline").factory());
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}

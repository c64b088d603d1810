package dev.ogem.batch.queue;

import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchStatus;
import dev.ogem.batch.BatchTarget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests waiting for one target's next batch. It is flushed {@code flushAfter} after its first
 * request (a timer set once per generation, so later requests never postpone it), at
 * {@code maxRequests}, or before a line would take the file past {@code maxBytes}. Once the queue is
 * closing it is flushed at once, and so is every request that still arrives.
 */
final class TargetQueue {

    /** Receives a full or due batch; must not block. */
    interface Sink {
        void flush(BatchTarget target, List<QueuedLine> lines);
    }

    private final BatchTarget target;
    private final BatchSettings settings;
    private final ScheduledExecutorService timer;
    private final Sink sink;
    private final AtomicBoolean closing;
    private final ReentrantLock lock = new ReentrantLock();
    private List<QueuedLine> lines = new ArrayList<>();
    private long bytes;
    private long generation;
    private Instant since = Instant.EPOCH;

    /**
     * @param closing set (before {@link #flushNow()}) when the batch queue closes
     */
    TargetQueue(BatchTarget target, BatchSettings settings, ScheduledExecutorService timer, Sink sink,
                AtomicBoolean closing) {
        this.target = target;
        this.settings = settings;
        this.timer = timer;
        this.sink = sink;
        this.closing = closing;
    }

    void add(QueuedLine line) {
        List<List<QueuedLine>> ready = new ArrayList<>(2);
        lock.lock();
        try {
            if (!lines.isEmpty() && bytes + line.size() > settings.maxBytes()) {
                ready.add(take());
            }
            lines.add(line);
            bytes += line.size();
            if (lines.size() == 1) {
                since = settings.clock().instant();
            }
            boolean due = lines.size() >= settings.maxRequests() || closing.get();
            if (!due && lines.size() == 1) {
                due = !scheduled(); // a generation's one timer; none when the queue is closing
            }
            if (due) {
                ready.add(take());
            }
        } finally {
            lock.unlock();
        }
        ready.forEach(batch -> sink.flush(target, batch));
    }

    /** Flushes what is queued now (on close, after {@code closing} was set). */
    void flushNow() {
        List<QueuedLine> batch;
        lock.lock();
        try {
            batch = take();
        } finally {
            lock.unlock();
        }
        if (!batch.isEmpty()) {
            sink.flush(target, batch);
        }
    }

    /** Sets this generation's flush timer; {@code false} when the timer is shut down (closing). */
    private boolean scheduled() {
        long due = generation;
        try {
            timer.schedule(() -> expire(due), settings.flushAfter().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    Optional<BatchStatus.Queue> status() {
        lock.lock();
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(new BatchStatus.Queue(
                    target.baseUrl().toString(), target.model(), lines.size(), bytes, since));
        } finally {
            lock.unlock();
        }
    }

    private void expire(long due) {
        List<QueuedLine> batch = List.of();
        lock.lock();
        try {
            if (due == generation && !lines.isEmpty()) {
                batch = take();
            }
        } finally {
            lock.unlock();
        }
        if (!batch.isEmpty()) {
            sink.flush(target, batch);
        }
    }

    private List<QueuedLine> take() {
        List<QueuedLine> out = lines;
        lines = new ArrayList<>();
        bytes = 0;
        generation++;
        return out;
    }
}

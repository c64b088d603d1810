package dev.ogem.batch.queue;

import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchStatus;
import dev.ogem.batch.BatchTarget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests waiting for one target's next batch. It is flushed {@code flushAfter} after its first
 * request (a timer set once per generation, so later requests never postpone it), at
 * {@code maxRequests}, or before a line would take the file past {@code maxBytes}.
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
    private final ReentrantLock lock = new ReentrantLock();
    private List<QueuedLine> lines = new ArrayList<>();
    private long bytes;
    private long generation;
    private Instant since = Instant.EPOCH;

    TargetQueue(BatchTarget target, BatchSettings settings, ScheduledExecutorService timer, Sink sink) {
        this.target = target;
        this.settings = settings;
        this.timer = timer;
        this.sink = sink;
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
                long due = generation;
                timer.schedule(() -> expire(due), settings.flushAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (lines.size() >= settings.maxRequests()) {
                ready.add(take());
            }
        } finally {
            lock.unlock();
        }
        ready.forEach(batch -> sink.flush(target, batch));
    }

    /** Takes what is queued without flushing it (on close). */
    List<QueuedLine> drain() {
        lock.lock();
        try {
            return take();
        } finally {
            lock.unlock();
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

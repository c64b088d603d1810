package dev.ogem.batch.queue;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.GatewayException;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchStatus;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StateUnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The {@link BatchQueue}: finds a request's answer or job in this instance or the store, or queues
 * it for its target, and waits for the outcome.
 */
public final class DefaultBatchQueue implements BatchQueue {

    private final BatchSettings settings;
    private final Apis apis;
    private final JobStore jobs;
    private final Waiters waiters = new Waiters();
    private final Counters counters = new Counters();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Polling polling;
    private final Submitter submitter;
    private final ScheduledExecutorService timer;
    private final Map<BatchTarget, TargetQueue> queues = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultBatchQueue(StateStore store, Supplier<List<OpenAiBatches>> apis, BatchSettings settings) {
        this.settings = settings;
        this.apis = Apis.of(apis);
        this.jobs = new JobStore(store, settings.retention());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ogem-batch-flush").factory());
        Context context = new Context(this.apis, jobs, waiters, settings, counters, stop);
        this.polling = new Polling(context, timer);
        this.submitter = new Submitter(context, polling);
    }

    /**
     * Creates a queue and resumes the jobs the store lists as in flight.
     *
     * @param store    job records and answers
     * @param apis     the Batch APIs, by base URL, asked for at each lookup
     * @param settings the settings
     * @return the queue
     */
    public static BatchQueue create(StateStore store, Supplier<List<OpenAiBatches>> apis, BatchSettings settings) {
        DefaultBatchQueue queue = new DefaultBatchQueue(store, apis, settings);
        queue.polling.resumeAll();
        return queue;
    }

    @Override
    public ChatResponse submit(BatchTarget target, ChatRequest request, Duration maxWait) {
        if (closed.get()) {
            throw GatewayException.of("The batch queue is closed.");
        }
        apis.require(target.baseUrl());
        QueuedLine line = QueuedLine.of(target, request);
        if (line.size() > settings.maxBytes()) {
            throw CallerException.tooLarge(settings.maxBytes());
        }
        Duration wait = maxWait.compareTo(settings.maxWait()) < 0 ? maxWait : settings.maxWait();
        while (true) {
            Optional<Pending> existing = waiters.find(line.id());
            if (existing.isPresent()) {
                return Waiters.await(existing.get(), wait);
            }
            RequestRecord known = known(line.id());
            if (known instanceof RequestRecord.Done done) {
                return done.answer();
            }
            Pending fresh = new Pending(line.id());
            if (waiters.register(fresh).isEmpty()) {
                continue;
            }
            if (known instanceof RequestRecord.Submitted submitted) {
                reattach(target, line, fresh, submitted.jobId());
            } else {
                queue(target).add(line);
            }
            return Waiters.await(fresh, wait);
        }
    }

    private RequestRecord known(String requestId) {
        try {
            return jobs.request(requestId);
        } catch (StateUnavailableException e) {
            throw StoreErrors.unavailable(e);
        }
    }

    /** Waits for a job found in the store, driving it here too; starts over if it ended meanwhile. */
    private void reattach(BatchTarget target, QueuedLine line, Pending fresh, String jobId) {
        RequestRecord now;
        boolean live;
        try {
            live = polling.resume(jobId);
            polling.batchId(jobId).ifPresent(fresh::batchId);
            // a collector stores an outcome before it wakes waiters: look again now that we are registered
            now = jobs.request(line.id());
        } catch (StateUnavailableException e) {
            waiters.finish(line.id(), new Outcome.Failed(StoreErrors.unavailable(e)));
            return;
        }
        switch (now) {
            case RequestRecord.Done done -> waiters.finish(line.id(), new Outcome.Answered(done.answer()));
            case RequestRecord.Submitted still -> {
                if (!live) { // its job record is gone: nothing will ever answer it
                    queue(target).add(line);
                }
            }
            case RequestRecord.Absent gone -> queue(target).add(line);
        }
    }

    private TargetQueue queue(BatchTarget target) {
        return queues.computeIfAbsent(target, k -> new TargetQueue(target, settings, timer, submitter, closing));
    }

    @Override
    public BatchStatus status() {
        List<BatchStatus.Queue> depths = queues.values().stream().flatMap(q -> q.status().stream()).toList();
        return new BatchStatus(depths.stream().mapToInt(BatchStatus.Queue::depth).sum(), waiters.size(), depths,
                polling.status(), counters.submitted.get(), counters.completed.get(), counters.failed.get());
    }

    /**
     * Flushes every queue and waits, at most {@link BatchSettings#closeTimeout()}, until their jobs are
     * recorded and their batches created; requests arriving meanwhile are flushed at once. Then stops
     * polling and answers every caller still waiting with {@code batch_pending}.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        stop.countDown();
        timer.shutdownNow();
        queues.values().forEach(TargetQueue::flushNow);
        submitter.awaitSent(deadline);
        polling.awaitCreations(deadline);
        closed.set(true);
        polling.close(Math.min(deadline, System.nanoTime() + Duration.ofSeconds(5).toNanos()));
        waiters.releaseAll();
    }
}

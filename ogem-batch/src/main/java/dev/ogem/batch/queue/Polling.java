package dev.ogem.batch.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import dev.ogem.batch.BatchStatus;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateUnavailableException;

/** The batches this instance polls: at most one {@link Poller} thread per batch id. */
final class Polling {
    private static final Logger LOGGER = Logger.getLogger(Polling.class.getName());

    private final Map<String, Tracked> running = new ConcurrentHashMap<>();
    private final Poller.Context context;
    private final AtomicBoolean closed = new AtomicBoolean();

    Polling(Poller.Context context) {
        this.context = context;
    }

    /** A batch being polled and its last known state. */
    private static final class Tracked {
        private final JobRecord job;
        private volatile String state;
        private volatile Thread thread;

        Tracked(JobRecord job) {
            this.job = job;
            this.state = job.state();
        }
    }

    /** Starts polling a batch unless it is polled already or the queue has no API at its base URL. */
    void start(JobRecord job) {
        if (closed.get()) {
            return;
        }
        Optional<OpenAiBatches> api = context.apis().of(job.baseUrl());
        if (api.isEmpty()) {
            LOGGER.warning("batch " + job.batchId() + " is not polled here: this queue has no Batch API at "
                    + job.baseUrl());
            return;
        }
        Tracked tracked = new Tracked(job);
        if (running.putIfAbsent(job.batchId(), tracked) != null) {
            return;
        }
        tracked.thread = Thread.ofVirtual().name("ogem-batch-poll-" + job.batchId()).start(() -> {
            try {
                new Poller(job, api.get(), context, state -> tracked.state = state).run();
            } finally {
                running.remove(job.batchId(), tracked);
            }
        });
    }

    /**
     * Makes sure a batch found in the store is polled here (when this queue has the API of its base URL).
     *
     * @return {@code false} when its record is gone or says it ended
     * @throws StateUnavailableException when the store cannot be read
     */
    boolean resume(String batchId) {
        if (running.containsKey(batchId)) {
            return true;
        }
        Optional<JobRecord> job = context.jobs().job(batchId);
        if (job.isEmpty() || OpenAiBatches.State.of(job.get().state()).terminal()) {
            return false;
        }
        start(job.get());
        return true;
    }

    /** Resumes every batch the store lists as in flight; drops the entries that ended. */
    void resumeAll() {
        int resumed = 0;
        try {
            for (String batchId : context.jobs().inflight()) {
                if (resume(batchId)) {
                    resumed++;
                } else {
                    context.jobs().removeInflight(batchId);
                }
            }
        } catch (StateUnavailableException e) {
            LOGGER.warning("the batches to resume could not be read: " + e.getMessage());
        }
        if (resumed > 0) {
            LOGGER.info("resumed polling " + resumed + " batches found in the state store");
        }
    }

    List<BatchStatus.Batch> status() {
        return running.values().stream()
                .map(t -> new BatchStatus.Batch(t.job.batchId(), t.job.baseUrl(), t.job.model(),
                        t.job.requestIds().size(), t.state, t.job.created()))
                .toList();
    }

    void close() {
        closed.set(true);
        context.stop().countDown();
        List<Thread> threads = running.values().stream().map(t -> t.thread).filter(t -> t != null).toList();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package dev.ogem.batch.queue;

import dev.ogem.batch.BatchStatus;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateUnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The jobs this instance drives: at most one virtual thread per job id, which creates (or finds) the job's
 * batch when it has none yet ({@link Creation}), then polls it ({@link Poller}) and collects it
 * ({@link Collector}). Jobs found in the store are resumed: on start-up every job of the in-flight set
 * (retried while the store is out), and any job a resend reattaches to. A job still {@code creating} is
 * taken over only under its claim, that is once its creator finished or has been gone for
 * {@code reconcileAfter}; until then it is looked at again every {@code reconcileAfter}.
 */
final class Polling {
    private static final Logger LOGGER = Logger.getLogger(Polling.class.getName());

    private final Map<String, Tracked> running = new ConcurrentHashMap<>();
    private final Context context;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    Polling(Context context, ScheduledExecutorService timer) {
        this.context = context;
        this.timer = timer;
    }

    /** A job being driven here and what it is doing. */
    private static final class Tracked {
        private volatile JobRecord job;
        private volatile String state;
        private volatile Thread thread;

        Tracked(JobRecord job) {
            this.job = job;
            this.state = job.state();
        }
    }

    /**
     * Starts driving a job unless it is driven here already or the queue has no API at its base URL.
     *
     * @param job       the job as recorded
     * @param lookFirst for a job without batch: whether it may exist upstream already
     * @return whether the job is driven here now
     */
    boolean start(JobRecord job, boolean lookFirst) {
        if (closed.get()) {
            return false;
        }
        Optional<OpenAiBatches> api = context.apis().of(job.baseUrl());
        if (api.isEmpty()) {
            LOGGER.warning("job " + job.jobId() + " is not driven here: this queue has no Batch API at "
                    + job.baseUrl());
            return false;
        }
        Tracked tracked = new Tracked(job);
        if (running.putIfAbsent(job.jobId(), tracked) != null) {
            return true;
        }
        tracked.thread = Thread.ofVirtual().name("ogem-batch-" + job.jobId()).start(() -> {
            try {
                drive(tracked, api.get(), lookFirst);
            } catch (RuntimeException e) {
                LOGGER.log(Level.SEVERE, "job " + job.jobId() + " stopped unexpectedly; it stays recorded", e);
            } finally {
                running.remove(job.jobId(), tracked);
            }
        });
        return true;
    }

    private void drive(Tracked tracked, OpenAiBatches api, boolean lookFirst) {
        JobRecord job = tracked.job;
        if (job.creating()) {
            Optional<JobRecord> created = new Creation(job, api, context).run(lookFirst);
            if (created.isEmpty()) {
                return;
            }
            job = created.get();
            tracked.job = job;
            tracked.state = job.state();
        }
        new Poller(job, api, context, state -> tracked.state = state).run();
    }

    /**
     * Makes sure a job found in the store is driven here, when this queue has the API of its base URL
     * (a job of another endpoint stays recorded for the instances that have it).
     *
     * @return {@code false} when its record is gone or it was collected: nothing is left to drive
     * @throws StateUnavailableException when the store cannot be read
     */
    boolean resume(String jobId) {
        if (running.containsKey(jobId)) {
            return true;
        }
        Optional<JobRecord> job = context.jobs().job(jobId);
        if (job.isEmpty() || job.get().collected()) {
            return false;
        }
        if (context.apis().of(job.get().baseUrl()).isEmpty()) {
            return true;
        }
        if (job.get().creating() && !context.jobs().claim(jobId, context.settings().reconcileAfter())) {
            later(() -> resume(jobId), context.settings().reconcileAfter());
            return true;
        }
        start(job.get(), true);
        return true;
    }

    /** Resumes every job of the in-flight set, dropping those that ended; tries again while the store is out. */
    void resumeAll() {
        int resumed = 0;
        try {
            for (String jobId : context.jobs().inflight()) {
                if (resume(jobId)) {
                    resumed++;
                } else {
                    context.jobs().removeInflight(jobId);
                }
            }
        } catch (StateUnavailableException e) {
            LOGGER.warning("the batch jobs to resume could not be read (" + e.getMessage() + "); trying again");
            later(this::resumeAll, context.settings().pollMax());
        }
        if (resumed > 0) {
            LOGGER.info("resumed " + resumed + " batch jobs found in the state store");
        }
    }

    /** The upstream batch id of a job driven here, if it has one yet. */
    Optional<String> batchId(String jobId) {
        return Optional.ofNullable(running.get(jobId)).map(t -> t.job.batchId()).filter(id -> !id.isEmpty());
    }

    List<BatchStatus.Batch> status() {
        return running.values().stream()
                .map(t -> new BatchStatus.Batch(t.job.shownId(), t.job.baseUrl(), t.job.model(),
                        t.job.requestIds().size(), t.state, t.job.created()))
                .toList();
    }

    /** Waits until every job still being created here has its batch, or gave up, or the deadline passed. */
    void awaitCreations(long deadlineNanos) {
        running.values().stream().filter(t -> t.job.creating()).map(t -> t.thread).toList()
                .forEach(thread -> join(thread, deadlineNanos));
    }

    /** Stops starting jobs and waits (until the deadline) for the threads, which stop at their next wait. */
    void close(long deadlineNanos) {
        closed.set(true);
        running.values().stream().map(t -> t.thread).toList().forEach(thread -> join(thread, deadlineNanos));
    }

    private void later(Runnable task, Duration delay) {
        if (closed.get()) {
            return;
        }
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (StateUnavailableException e) {
                LOGGER.fine("a batch job could not be resumed yet: " + e.getMessage());
                later(task, delay);
            }
        };
        try {
            timer.schedule(() -> Thread.ofVirtual().start(guarded), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOGGER.fine("the queue closed; not scheduled again");
        }
    }

    static void join(Thread thread, long deadlineNanos) {
        if (thread == null) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

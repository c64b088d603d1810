package dev.ogem.batch.queue;

import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateUnavailableException;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a flushed queue upstream on a virtual thread of its own: uploads the JSONL, then records the job
 * <em>before</em> its batch is created (an intent: job id, input file, target, request ids, state
 * {@code creating}; the requests as submitted to it; the job in the in-flight set; its claim), and hands
 * it to {@link Polling}, which creates the batch and polls it. A crash after this point leaves a record
 * that any instance reconciles with the upstream ({@link Creation}). When the upload fails, or the
 * store cannot record the intent, nothing is created upstream and every request of the queue ends with
 * that error, so a resend starts over.
 */
final class Submitter implements TargetQueue.Sink {
    private static final Logger LOGGER = Logger.getLogger(Submitter.class.getName());

    private final Context context;
    private final Polling polling;
    private final Set<Thread> sending = ConcurrentHashMap.newKeySet();

    Submitter(Context context, Polling polling) {
        this.context = context;
        this.polling = polling;
    }

    @Override
    public void flush(BatchTarget target, List<QueuedLine> lines) {
        Thread thread = Thread.ofVirtual().name("ogem-batch-submit").unstarted(() -> {
            try {
                send(target, lines);
            } finally {
                sending.remove(Thread.currentThread());
            }
        });
        sending.add(thread);
        thread.start();
    }

    /** Waits until every flushed queue is recorded (or failed), or the deadline passed. */
    void awaitSent(long deadlineNanos) {
        List.copyOf(sending).forEach(thread -> Polling.join(thread, deadlineNanos));
    }

    private void send(BatchTarget target, List<QueuedLine> lines) {
        BatchSettings settings = context.settings();
        List<String> ids = lines.stream().map(QueuedLine::id).toList();
        String fileId;
        try {
            OpenAiBatches api = context.apis().require(target.baseUrl());
            fileId = api.upload("ogem-batch-" + settings.clock().millis() + ".jsonl",
                    lines.stream().map(QueuedLine::line).toList());
        } catch (OgemException e) {
            fail(target, ids, e);
            return;
        } catch (RuntimeException e) {
            fail(target, ids, GatewayException.of("Sending the batch failed unexpectedly.", e));
            return;
        }
        JobRecord intent = JobRecord.intent("ogem-job-" + UUID.randomUUID(), fileId, target.baseUrl().toString(),
                target.model(), settings.clock().instant(), ids);
        try {
            JobStore jobs = context.jobs();
            jobs.claim(intent.jobId(), settings.reconcileAfter());
            jobs.saveJob(intent);
            jobs.submitted(ids, intent.jobId());
            jobs.addInflight(intent.jobId());
        } catch (StateUnavailableException e) {
            forget(intent);
            fail(target, ids, StoreErrors.unavailable(e));
            return;
        }
        if (!polling.start(intent, false)) {
            LOGGER.info("job " + intent.jobId() + " is recorded but not created: the queue is closed; the next"
                    + " start creates it");
            try {
                context.jobs().releaseClaim(intent.jobId());
            } catch (StateUnavailableException e) {
                LOGGER.log(Level.FINE, "releasing the claim of job " + intent.jobId() + " failed", e);
            }
        }
    }

    /** Best effort: a job whose intent could not be recorded whole must not be created later. */
    private void forget(JobRecord intent) {
        try {
            context.jobs().removeJob(intent.jobId());
            context.jobs().releaseClaim(intent.jobId());
        } catch (StateUnavailableException e) {
            LOGGER.log(Level.FINE, "forgetting job " + intent.jobId() + " failed", e);
        }
    }

    private void fail(BatchTarget target, List<String> ids, OgemException error) {
        context.counters().failed.incrementAndGet();
        LOGGER.log(Level.WARNING, "a batch of " + ids.size() + " requests for " + target.model()
                + " could not be sent: " + error.getMessage());
        ids.forEach(id -> context.waiters().finish(id, new Outcome.Failed(error)));
    }
}

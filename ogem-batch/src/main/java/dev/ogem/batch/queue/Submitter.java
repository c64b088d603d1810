package dev.ogem.batch.queue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.quota.StateUnavailableException;

/**
 * Sends a flushed queue upstream on a virtual thread of its own: uploads the JSONL, creates the
 * batch, records it (job, request ids, in-flight list) and starts polling it. When the upload or the
 * creation fails, every request of the queue ends with that error and nothing is recorded, so a
 * resend starts over.
 */
final class Submitter implements TargetQueue.Sink {
    private static final Logger LOGGER = Logger.getLogger(Submitter.class.getName());

    private final Poller.Context context;
    private final Polling polling;

    Submitter(Poller.Context context, Polling polling) {
        this.context = context;
        this.polling = polling;
    }

    @Override
    public void flush(BatchTarget target, List<QueuedLine> lines) {
        Thread.ofVirtual().name("ogem-batch-submit").start(() -> send(target, lines));
    }

    private void send(BatchTarget target, List<QueuedLine> lines) {
        BatchSettings settings = context.settings();
        List<String> ids = lines.stream().map(QueuedLine::id).toList();
        OpenAiBatches.Job batch;
        try {
            OpenAiBatches api = context.apis().require(target.baseUrl());
            String fileId = api.upload("ogem-batch-" + settings.clock().millis() + ".jsonl",
                    lines.stream().map(QueuedLine::line).toList());
            batch = api.createBatch(fileId);
        } catch (OgemException e) {
            fail(target, ids, e);
            return;
        } catch (RuntimeException e) {
            fail(target, ids, GatewayException.of("Sending the batch failed unexpectedly.", e));
            return;
        }
        JobRecord job = new JobRecord(batch.id(), target.baseUrl().toString(), target.model(),
                settings.clock().instant(), ids, batch.state().wire());
        JobStore jobs = context.jobs();
        try {
            jobs.saveJob(job);
            ids.forEach(id -> jobs.submitted(id, batch.id()));
            jobs.addInflight(batch.id());
        } catch (StateUnavailableException e) {
            LOGGER.warning("batch " + batch.id() + " could not be recorded; it is polled here only: " + e.getMessage());
        }
        ids.forEach(id -> context.waiters().assigned(id, batch.id()));
        context.counters().submitted.incrementAndGet();
        LOGGER.info("batch " + batch.id() + " created with " + ids.size() + " requests for " + target.model()
                + " at " + target.baseUrl());
        polling.start(job);
    }

    private void fail(BatchTarget target, List<String> ids, OgemException error) {
        context.counters().failed.incrementAndGet();
        LOGGER.log(Level.WARNING, "a batch of " + ids.size() + " requests for " + target.model()
                + " could not be sent: " + error.getMessage());
        ids.forEach(id -> context.waiters().finish(id, new Outcome.Failed(error)));
    }
}

package dev.ogem.batch.queue;

import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.quota.StateUnavailableException;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;
/**
 * Polls one batch until it ends, with a doubling wait capped at {@code pollMax}, recording each new
 * status, then hands it to its {@link Collector}. A poll that fails is retried at the next round; a batch
 * the upstream no longer knows (404) ends its requests with an error. Runs on its job's virtual thread
 * and stops at its next wait once the queue closes, leaving the job recorded for whoever resumes it.
 */
final class Poller {
    private static final Logger LOGGER = Logger.getLogger(Poller.class.getName());

    private final JobRecord job;
    private final OpenAiBatches api;
    private final Context context;
    private final Consumer<String> onState;

    Poller(JobRecord job, OpenAiBatches api, Context context, Consumer<String> onState) {
        this.job = job;
        this.api = api;
        this.context = context;
        this.onState = onState;
    }

    void run() {
        Duration wait = context.settings().pollFirst();
        String recorded = ""; // the first round records the job as the store may not have it with its batch id
        int failures = 0;
        Collector collector = new Collector(job, api, context, onState);
        while (true) {
            if (context.stopped(wait)) {
                return;
            }
            wait = context.backoff(wait);
            Job batch;
            try {
                batch = api.batch(job.batchId());
                failures = 0;
            } catch (ProviderException e) {
                if (e.kind() == Kind.REJECTED && e.status() == 404) {
                    collector.gone(e);
                    return;
                }
                if (++failures % 10 == 1) {
                    LOGGER.warning("polling batch " + job.batchId() + " failed (" + e.kind() + ", " + failures
                            + " in a row); trying again");
                }
                continue;
            }
            String state = batch.state().wire();
            onState.accept(state);
            if (!state.equals(recorded)) {
                try {
                    context.jobs().saveJob(job.withState(state));
                    recorded = state;
                } catch (StateUnavailableException e) {
                    LOGGER.fine("recording the state of batch " + job.batchId() + " failed; trying at the next poll");
                }
            }
            if (batch.state().terminal()) {
                collector.collect(batch);
                return;
            }
        }
    }
}

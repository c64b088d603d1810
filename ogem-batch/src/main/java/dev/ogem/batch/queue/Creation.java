package dev.ogem.batch.queue;

import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.providers.OpenAiBatches.Page;
import dev.ogem.quota.StateUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a job recorded as {@link JobRecord#CREATING} into its upstream batch, without ever creating two.
 * The batch is created with the job id in its {@code metadata} ({@value #METADATA_KEY}). When the answer
 * is lost (a timeout, a broken connection, a 5xx: the batch may exist), and whenever the job is resumed
 * from the store, the upstream's batch list is searched first, by that metadata or by the input file;
 * only a batch not found is created. An upstream that refused the creation outright (4xx, a 429 included)
 * created nothing: the job is dropped and its callers get that error. A caller holds the job's claim
 * meanwhile, so two instances never create one job's batch at once. Runs on its job's thread; stops at
 * its next wait once the queue closes, leaving the job {@code creating} for whoever resumes it.
 */
final class Creation {
    static final String METADATA_KEY = "ogem_job";
    /** Pages of 100 batches searched at most: 5,000 batches. */
    private static final int MAX_PAGES = 50;
    /** Batches created this long before the intent are not searched: clocks may differ a little. */
    private static final Duration CLOCK_SLACK = Duration.ofHours(1);
    private static final Logger LOGGER = Logger.getLogger(Creation.class.getName());

    private final JobRecord job;
    private final OpenAiBatches api;
    private final Context context;

    Creation(JobRecord job, OpenAiBatches api, Context context) {
        this.job = job;
        this.api = api;
        this.context = context;
    }

    /**
     * Finds or creates the batch.
     *
     * @param lookFirst whether the batch may exist already (a resumed job)
     * @return the job with its batch; empty when the creation was refused (the job dropped) or the queue
     *         closed first (the job stays {@code creating})
     */
    Optional<JobRecord> run(boolean lookFirst) {
        Duration wait = context.settings().pollFirst();
        boolean look = lookFirst;
        for (int attempt = 1; ; attempt++) {
            Optional<Job> found = Optional.empty();
            boolean searched = !look;
            if (look) {
                try {
                    found = find();
                    searched = true;
                } catch (ProviderException e) {
                    warn(attempt, "listing the batches to find it failed (" + e.kind() + ")");
                }
            }
            if (found.isPresent()) {
                return Optional.of(adopt(found.get(), "found upstream"));
            }
            if (searched) {
                try {
                    return Optional.of(adopt(api.createBatch(job.inputFileId(), Map.of(METADATA_KEY, job.jobId())),
                            "created"));
                } catch (ProviderException e) {
                    if (!e.retryable() || e.kind() == Kind.RATE_LIMITED) {
                        abandon(e);
                        return Optional.empty();
                    }
                    warn(attempt, "creating it failed (" + e.kind() + "); the batch may exist, so it is looked up");
                    look = true;
                }
            }
            if (context.stopped(wait)) {
                release(); // nothing is in flight: the next start may take the job over at once
                return Optional.empty();
            }
            wait = context.backoff(wait);
            try {
                context.jobs().holdClaim(job.jobId(), context.settings().reconcileAfter());
            } catch (StateUnavailableException e) {
                LOGGER.log(Level.FINE, "renewing the claim of job " + job.jobId() + " failed", e);
            }
        }
    }

    /** The batch carrying this job's id in its metadata, or running over its input file. */
    private Optional<Job> find() {
        Instant oldest = job.created().minus(CLOCK_SLACK);
        Optional<String> after = Optional.empty();
        for (int page = 0; page < MAX_PAGES; page++) {
            Page batches = api.batches(after, 100);
            for (Job batch : batches.data()) {
                if (job.jobId().equals(batch.metadata().get(METADATA_KEY))
                        || job.inputFileId().equals(batch.inputFileId())) {
                    return Optional.of(batch);
                }
            }
            Optional<Job> last = batches.data().isEmpty() ? Optional.empty() : Optional.of(batches.data().getLast());
            if (!batches.hasMore() || last.isEmpty()
                    || (last.get().createdAt().isAfter(Instant.EPOCH) && last.get().createdAt().isBefore(oldest))) {
                return Optional.empty();
            }
            after = batches.lastId();
        }
        return Optional.empty();
    }

    private JobRecord adopt(Job batch, String how) {
        JobRecord created = job.withBatch(batch.id(), batch.state().wire());
        try {
            context.jobs().saveJob(created);
            context.jobs().releaseClaim(job.jobId());
        } catch (StateUnavailableException e) {
            // the claim lapses by itself; the poller records the batch id at its first round
            LOGGER.warning("batch " + batch.id() + " of job " + job.jobId() + " could not be recorded yet: "
                    + e.getMessage());
        }
        job.requestIds().forEach(id -> context.waiters().assigned(id, batch.id()));
        context.counters().submitted.incrementAndGet();
        LOGGER.info("batch " + batch.id() + " " + how + " for job " + job.jobId() + " with "
                + job.requestIds().size() + " requests for " + job.model() + " at " + job.baseUrl());
        return created;
    }

    private void abandon(ProviderException error) {
        context.counters().failed.incrementAndGet();
        LOGGER.warning("the batch of job " + job.jobId() + " (" + job.requestIds().size() + " requests for "
                + job.model() + " at " + job.baseUrl() + ") was refused: " + error.getMessage());
        try {
            context.jobs().failed(job.requestIds());
            context.jobs().removeJob(job.jobId());
            context.jobs().removeInflight(job.jobId());
            context.jobs().releaseClaim(job.jobId());
        } catch (StateUnavailableException e) {
            LOGGER.warning("the refused job " + job.jobId() + " stays recorded: " + e.getMessage());
        }
        job.requestIds().forEach(id -> context.waiters().finish(id, new Outcome.Failed(error)));
    }

    private void release() {
        try {
            context.jobs().releaseClaim(job.jobId());
        } catch (StateUnavailableException e) {
            LOGGER.log(Level.FINE, "releasing the claim of job " + job.jobId() + " failed", e);
        }
    }

    private void warn(int attempt, String what) {
        if (attempt % 10 == 1) {
            LOGGER.warning("job " + job.jobId() + ": " + what + "; trying again (attempt " + attempt + ")");
        }
    }
}

package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.providers.OpenAiBatches.State;
import dev.ogem.quota.StateUnavailableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Collects an ended batch: reads its output and error files (a batch that expired or was cancelled
 * delivers the lines done before), stores every request's outcome and hands it to the waiting callers.
 * Paid results are never given up for a transient failure: a download that fails is retried with a
 * doubling wait capped at {@code pollMax} until it is read (the job and its requests stay recorded,
 * renewed every {@link #KEEP_ALIVE}), and so is storing. Only a file the upstream no longer has (404)
 * ends the requests with an error. A job another instance collected first is answered from the store.
 */
final class Collector {
    /** How often the records of a job whose results are being retried are renewed. */
    static final Duration KEEP_ALIVE = Duration.ofHours(12);
    private static final Logger LOGGER = Logger.getLogger(Collector.class.getName());

    private final JobRecord job;
    private final OpenAiBatches api;
    private final Context context;
    private final Consumer<String> onState;

    Collector(JobRecord job, OpenAiBatches api, Context context, Consumer<String> onState) {
        this.job = job;
        this.api = api;
        this.context = context;
        this.onState = onState;
    }

    /** Reads, stores and hands out the results of an ended batch; returns early when the queue closes. */
    void collect(Job batch) {
        if (collectedElsewhere()) {
            return;
        }
        download(batch).ifPresent(results -> conclude(batch.state(), outcomes(results, batch)));
    }

    /** Ends every request of a batch the upstream no longer knows. */
    void gone(ProviderException error) {
        if (collectedElsewhere()) {
            return;
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        job.requestIds().forEach(id -> outcomes.put(id, new Outcome.Failed(error)));
        conclude(State.FAILED, outcomes);
    }

    private Optional<ResultLines> download(Job batch) {
        Duration wait = context.settings().pollFirst();
        long renewAt = System.nanoTime() + KEEP_ALIVE.toNanos();
        for (int failures = 1; ; failures++) {
            try {
                ResultLines lines = new ResultLines();
                int unreadable = 0;
                for (Optional<String> file : List.of(batch.outputFileId(), batch.errorFileId())) {
                    if (file.isPresent()) {
                        unreadable += api.results(file.get(), lines::accept);
                    }
                }
                if (unreadable > 0) {
                    LOGGER.warning("batch " + job.batchId() + " had " + unreadable + " unreadable result lines");
                }
                return Optional.of(lines);
            } catch (ProviderException e) {
                if (e.kind() == Kind.REJECTED && e.status() == 404) {
                    return Optional.of(ResultLines.unreadable(ProviderException.builder(Kind.BAD_RESPONSE,
                            "The results of batch " + job.batchId() + " are gone upstream: " + e.getMessage())
                            .code("batch_results_gone").build()));
                }
                if (failures % 10 == 1) {
                    LOGGER.warning("reading the results of batch " + job.batchId() + " failed (" + e.kind() + ", "
                            + failures + " in a row); they stay recorded and are read again");
                }
            }
            if (context.stopped(wait)) {
                return Optional.empty();
            }
            wait = context.backoff(wait);
            if (System.nanoTime() - renewAt > 0) {
                renewAt = System.nanoTime() + KEEP_ALIVE.toNanos();
                renew(batch.state());
            }
        }
    }

    private Map<String, Outcome> outcomes(ResultLines results, Job batch) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String requestId : job.requestIds()) {
            outcomes.put(requestId, results.outcome(requestId)
                    .orElseGet(() -> new Outcome.Failed(missing(batch.state(), batch.errors()))));
        }
        return outcomes;
    }

    /** The error of a request that has no line in the files of a batch that ended so. */
    private ProviderException missing(State state, String errors) {
        String batchId = job.batchId();
        return switch (state) {
            case COMPLETED -> ProviderException.builder(Kind.BAD_RESPONSE, "The batch " + batchId
                    + " completed without a result for this request.").build();
            case EXPIRED -> ProviderException.builder(Kind.TIMEOUT, "The batch " + batchId + " expired before this"
                    + " request was done: it was not run within the 24 h completion window.")
                    .code("batch_expired").build();
            case CANCELLED -> ProviderException.builder(Kind.SERVER_ERROR, "The batch " + batchId
                    + " was cancelled upstream before this request was done.").code("batch_cancelled").build();
            default -> ProviderException.builder(Kind.SERVER_ERROR, "The batch " + batchId + " failed"
                    + (errors.isEmpty() ? "." : ": " + errors)).code("batch_failed").build();
        };
    }

    /**
     * Stores the outcomes, marks the job collected and counts it, then wakes the waiters: a caller arriving
     * in between finds the store's answer. When the store is out, the waiters get their outcomes at once
     * and storing is retried; once stored, callers who reattached meanwhile get the answers (a failure is
     * not handed out twice: the request id may have started a new job by then).
     */
    private void conclude(State state, Map<String, Outcome> outcomes) {
        boolean stored = store(state, outcomes);
        onState.accept(state.wire());
        (state == State.COMPLETED ? context.counters().completed : context.counters().failed).incrementAndGet();
        outcomes.forEach(context.waiters()::finish);
        long failed = outcomes.values().stream().filter(o -> o instanceof Outcome.Failed).count();
        LOGGER.info("batch " + job.batchId() + " ended " + state.wire() + ": " + (outcomes.size() - failed)
                + " answers, " + failed + " errors");
        if (stored) {
            return;
        }
        Duration wait = context.settings().pollFirst();
        while (!stored) {
            if (context.stopped(wait)) {
                return;
            }
            wait = context.backoff(wait);
            stored = store(state, outcomes);
        }
        outcomes.forEach((id, outcome) -> {
            if (outcome instanceof Outcome.Answered) {
                context.waiters().finish(id, outcome);
            }
        });
    }

    private boolean store(State state, Map<String, Outcome> outcomes) {
        Map<String, ChatResponse> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        outcomes.forEach((id, outcome) -> {
            switch (outcome) {
                case Outcome.Answered answered -> answers.put(id, answered.response());
                case Outcome.Failed failed -> failures.add(id);
            }
        });
        try {
            context.jobs().answered(answers);
            context.jobs().failed(failures);
            context.jobs().saveJob(job.asCollected(state.wire()));
            context.jobs().removeInflight(job.jobId());
            return true;
        } catch (StateUnavailableException e) {
            LOGGER.warning("the results of batch " + job.batchId() + " could not be stored yet (" + e.getMessage()
                    + "); callers of this instance have them, storing is retried");
            return false;
        }
    }

    /**
     * Whether another instance stored the outcomes already; if so, this instance's waiters get the answers.
     * A failure is not handed out: failures are not kept, and the request id may have started a new job.
     */
    private boolean collectedElsewhere() {
        try {
            Optional<JobRecord> stored = context.jobs().job(job.jobId());
            if (stored.isEmpty() || !stored.get().collected()) {
                return false;
            }
            onState.accept(stored.get().state());
            for (String id : job.requestIds()) {
                if (context.waiters().find(id).isPresent()
                        && context.jobs().request(id) instanceof RequestRecord.Done done) {
                    context.waiters().finish(id, new Outcome.Answered(done.answer()));
                }
            }
            return true;
        } catch (StateUnavailableException e) {
            return false;
        }
    }

    /** Keeps the job and its requests recorded while its results cannot be read. */
    private void renew(State state) {
        try {
            context.jobs().saveJob(job.withState(state.wire()));
            context.jobs().submitted(job.requestIds(), job.jobId());
        } catch (StateUnavailableException e) {
            LOGGER.warning("renewing the records of batch " + job.batchId() + " failed: " + e.getMessage());
        }
    }
}

package dev.ogem.batch.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.OgemException;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.providers.OpenAiBatches.State;
import dev.ogem.quota.StateUnavailableException;

/**
 * Polls one batch until it ends, with a doubling wait capped at {@code pollMax}, then stores and
 * hands out every request's outcome. A poll that fails is retried at the next round; a batch the
 * upstream no longer knows (404) ends its requests with an error. Runs on its job's virtual thread and
 * stops at its next wait once the queue closes, leaving the job recorded for whoever resumes it.
 */
final class Poller {
    private static final Logger LOGGER = Logger.getLogger(Poller.class.getName());
    private static final int DOWNLOAD_ATTEMPTS = 3;

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
                    end(State.FAILED, Optional.of(e));
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
            if (batch.state() == State.COMPLETED) {
                deliver(batch);
                return;
            } else if (batch.state().terminal()) {
                end(batch.state(), Optional.of(ended(job.batchId(), batch.state(), batch.errors())));
                return;
            }
        }
    }

    /** Reads the result files and hands out every outcome. */
    private void deliver(Job batch) {
        Optional<ResultLines> read = download(batch);
        if (read.isEmpty()) {
            return;
        }
        ResultLines results = read.get();
        conclude(State.COMPLETED, context.counters().completed, requestId -> results.outcome(requestId).orElseGet(
                () -> new Outcome.Failed(ProviderException.builder(Kind.BAD_RESPONSE, "The batch " + job.batchId()
                        + " completed without a result for this request.").build())));
    }

    /** The lines of the output and error files; empty when the batch was ended or the thread stopped. */
    private Optional<ResultLines> download(Job batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                ResultLines lines = new ResultLines();
                for (Optional<String> file : List.of(batch.outputFileId(), batch.errorFileId())) {
                    if (file.isPresent()) {
                        api.results(file.get(), lines::accept);
                    }
                }
                return Optional.of(lines);
            } catch (ProviderException e) {
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    end(State.FAILED, Optional.of(e));
                    return Optional.empty();
                }
                LOGGER.log(Level.WARNING, "reading the results of batch " + job.batchId() + " failed (" + e.kind()
                        + "); trying again");
                if (context.stopped(context.settings().pollFirst())) {
                    return Optional.empty();
                }
            }
        }
    }

    private void end(State state, Optional<OgemException> error) {
        OgemException failure = error.orElseGet(() -> ended(job.batchId(), state, ""));
        conclude(state, context.counters().failed, requestId -> new Outcome.Failed(failure));
    }

    /** Stores every request's outcome and the job's end, counts it, and only then wakes the waiters. */
    private void conclude(State state, AtomicLong counter, Function<String, Outcome> outcomeOf) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        job.requestIds().forEach(requestId -> outcomes.put(requestId, outcomeOf.apply(requestId)));
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
        } catch (StateUnavailableException e) {
            LOGGER.warning("the outcomes of batch " + job.batchId() + " could not be stored: " + e.getMessage());
        }
        onState.accept(state.wire());
        counter.incrementAndGet();
        outcomes.forEach(context.waiters()::finish);
        LOGGER.info("batch " + job.batchId() + " ended " + state.wire() + " with " + outcomes.size() + " requests");
    }

    /** The error of every caller of a batch that ended without results: failed, expired or cancelled. */
    private static ProviderException ended(String batchId, State state, String detail) {
        Kind kind = state == State.EXPIRED ? Kind.TIMEOUT : Kind.SERVER_ERROR;
        String message = switch (state) {
            case EXPIRED -> "The batch " + batchId + " expired: it was not done within its 24 h completion window.";
            case CANCELLED -> "The batch " + batchId + " was cancelled upstream.";
            default -> "The batch " + batchId + " failed" + (detail.isEmpty() ? "." : ": " + detail);
        };
        return ProviderException.builder(kind, message).code("batch_" + state.wire()).build();
    }
}

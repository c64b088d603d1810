package dev.ogem.batch.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.ogem.api.OgemException;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.batch.BatchSettings;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.providers.OpenAiBatches.State;
import dev.ogem.quota.StateUnavailableException;

/**
 * Polls one batch until it ends, with a doubling wait capped at {@code pollMax}, then stores and
 * hands out every request's outcome. A poll that fails is retried at the next round; a batch the
 * upstream no longer knows (404) ends its requests with an error. Runs on its own virtual thread and
 * stops at its next wait once the queue closes, leaving the batch recorded for whoever resumes it.
 */
final class Poller implements Runnable {
    private static final Logger LOGGER = Logger.getLogger(Poller.class.getName());
    private static final int DOWNLOAD_ATTEMPTS = 3;

    private final JobRecord job;
    private final OpenAiBatches api;
    private final JobStore jobs;
    private final Waiters waiters;
    private final BatchSettings settings;
    private final Counters counters;
    private final Consumer<String> onState;
    private final CountDownLatch stop;

    Poller(JobRecord job, OpenAiBatches api, Context context, Consumer<String> onState) {
        this.job = job;
        this.api = api;
        this.jobs = context.jobs();
        this.waiters = context.waiters();
        this.settings = context.settings();
        this.counters = context.counters();
        this.onState = onState;
        this.stop = context.stop();
    }

    /**
     * What every poller (and the submitter) shares.
     *
     * @param apis the Batch APIs, by base URL
     * @param stop counted down on close: pollers stop at their next wait, without interrupting a call
     *             (an interrupt would break a state-store command in flight)
     */
    record Context(Apis apis, JobStore jobs, Waiters waiters, BatchSettings settings, Counters counters,
                   CountDownLatch stop) {
    }

    @Override
    public void run() {
        Duration wait = settings.pollFirst();
        String lastState = job.state();
        int failures = 0;
        while (true) {
            if (stopped(wait)) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(settings.pollMax()) > 0 ? settings.pollMax() : wait.multipliedBy(2);
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
                    LOGGER.log(Level.WARNING, "polling batch " + job.batchId() + " failed (" + e.kind()
                            + ", " + failures + " in a row); trying again");
                }
                continue;
            }
            onState.accept(batch.state().wire());
            if (!batch.state().wire().equals(lastState)) {
                try {
                    jobs.saveJob(job.withState(batch.state().wire()));
                    lastState = batch.state().wire();
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
        conclude(State.COMPLETED, counters.completed, requestId -> results.outcome(requestId).orElseGet(
                () -> new Outcome.Failed(ProviderException.builder(Kind.BAD_RESPONSE, "The batch " + job.batchId()
                        + " completed without a result for this request.").build())));
        LOGGER.info("batch " + job.batchId() + " completed with " + job.requestIds().size() + " requests");
    }

    /** The lines of the output and error files; empty when the batch was ended or the thread stopped. */
    private Optional<ResultLines> download(Job batch) {
        for (int attempt = 1; ; attempt++) {
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
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    end(State.FAILED, Optional.of(e));
                    return Optional.empty();
                }
                LOGGER.log(Level.WARNING, "reading the results of batch " + job.batchId() + " failed (" + e.kind()
                        + "); trying again");
                if (stopped(settings.pollFirst())) {
                    return Optional.empty();
                }
            }
        }
    }

    private void end(State state, Optional<OgemException> error) {
        OgemException failure = error.orElseGet(() -> ended(job.batchId(), state, ""));
        conclude(state, counters.failed, requestId -> new Outcome.Failed(failure));
        LOGGER.warning("batch " + job.batchId() + " ended " + state.wire() + "; its "
                + job.requestIds().size() + " requests got an error");
    }

    /** Waits, and says whether the queue closed meanwhile (or the thread was interrupted). */
    private boolean stopped(Duration wait) {
        try {
            return stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Stores every request's outcome and the batch's end, counts it, and only then wakes the waiters: a
     * caller arriving in between finds the store's answer, and one that was answered finds the batch
     * over in the status.
     */
    private void conclude(State state, AtomicLong counter, Function<String, Outcome> outcomeOf) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        job.requestIds().forEach(requestId -> outcomes.put(requestId, outcomeOf.apply(requestId)));
        try {
            outcomes.forEach((requestId, outcome) -> {
                switch (outcome) {
                    case Outcome.Answered answered -> jobs.done(requestId, answered.response());
                    case Outcome.Failed failed -> jobs.failed(requestId);
                }
            });
            jobs.saveJob(job.withState(state.wire()));
            jobs.removeInflight(job.batchId());
        } catch (StateUnavailableException e) {
            LOGGER.warning("the outcomes of batch " + job.batchId() + " could not be stored: " + e.getMessage());
        }
        onState.accept(state.wire());
        counter.incrementAndGet();
        outcomes.forEach(waiters::finish);
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

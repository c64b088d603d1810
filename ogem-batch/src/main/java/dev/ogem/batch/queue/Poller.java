package dev.ogem.batch.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
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
import dev.ogem.batch.wire.BatchHttp;
import dev.ogem.batch.wire.BatchState;
import dev.ogem.batch.wire.BatchUris;
import dev.ogem.batch.wire.Outcome;
import dev.ogem.batch.wire.ResultLines;
import dev.ogem.batch.wire.WireBatch;
import dev.ogem.batch.wire.WireErrors;

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
    private final BatchUris uris;
    private final Optional<String> apiKey;
    private final BatchHttp http;
    private final JobStore jobs;
    private final Waiters waiters;
    private final BatchSettings settings;
    private final Counters counters;
    private final Consumer<String> onState;
    private final CountDownLatch stop;

    Poller(JobRecord job, Optional<String> apiKey, Context context, Consumer<String> onState) {
        this.job = job;
        this.uris = BatchUris.of(java.net.URI.create(job.baseUrl()));
        this.apiKey = apiKey;
        this.http = context.http();
        this.jobs = context.jobs();
        this.waiters = context.waiters();
        this.settings = context.settings();
        this.counters = context.counters();
        this.onState = onState;
        this.stop = context.stop();
    }

    /**
     * What every poller shares.
     *
     * @param stop counted down on close: pollers stop at their next wait, without interrupting a call
     *             (an interrupt would break a state-store command in flight)
     */
    record Context(BatchHttp http, JobStore jobs, Waiters waiters, BatchSettings settings, Counters counters,
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
            WireBatch batch;
            try {
                batch = http.retrieve(uris, apiKey, job.batchId());
                failures = 0;
            } catch (ProviderException e) {
                if (e.kind() == Kind.REJECTED && e.status() == 404) {
                    end(BatchState.FAILED, Optional.of(e));
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
                lastState = batch.state().wire();
                jobs.saveJob(job.withState(lastState));
            }
            jobs.addInflight(job.batchId());
            if (batch.state() == BatchState.COMPLETED) {
                deliver(batch);
                return;
            } else if (batch.state().terminal()) {
                end(batch.state(), Optional.of(WireErrors.batchEnded(job.batchId(), batch.state(), batch.errors())));
                return;
            }
        }
    }

    /** Reads the result files and hands out every outcome. */
    private void deliver(WireBatch batch) {
        Optional<ResultLines> read = download(batch);
        if (read.isEmpty()) {
            return;
        }
        ResultLines results = read.get();
        if (results.unreadable() > 0) {
            LOGGER.warning("batch " + job.batchId() + " had " + results.unreadable() + " unreadable result lines");
        }
        conclude(BatchState.COMPLETED, counters.completed, requestId -> results.outcome(requestId).orElseGet(
                () -> new Outcome.Failed(WireErrors.of(Kind.BAD_RESPONSE, "The batch " + job.batchId()
                        + " completed without a result for this request.", Optional.empty()))));
        LOGGER.info("batch " + job.batchId() + " completed with " + job.requestIds().size() + " requests");
    }

    /** The lines of the output and error files; empty when the batch was ended or the thread stopped. */
    private Optional<ResultLines> download(WireBatch batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                ResultLines lines = new ResultLines();
                batch.outputFileId().ifPresent(id -> http.download(uris, apiKey, id, lines::accept));
                batch.errorFileId().ifPresent(id -> http.download(uris, apiKey, id, lines::accept));
                return Optional.of(lines);
            } catch (ProviderException e) {
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    end(BatchState.FAILED, Optional.of(e));
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

    private void end(BatchState state, Optional<OgemException> error) {
        OgemException failure = error.orElseGet(() -> WireErrors.batchEnded(job.batchId(), state, ""));
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
    private void conclude(BatchState state, AtomicLong counter, Function<String, Outcome> outcomeOf) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String requestId : job.requestIds()) {
            Outcome outcome = outcomeOf.apply(requestId);
            switch (outcome) {
                case Outcome.Answered answered -> jobs.done(requestId, answered.response());
                case Outcome.Failed failed -> jobs.failed(requestId);
            }
            outcomes.put(requestId, outcome);
        }
        onState.accept(state.wire());
        jobs.saveJob(job.withState(state.wire()));
        jobs.removeInflight(job.batchId());
        counter.incrementAndGet();
        outcomes.forEach(waiters::finish);
    }
}

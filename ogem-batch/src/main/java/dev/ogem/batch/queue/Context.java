package dev.ogem.batch.queue;

import dev.ogem.batch.BatchSettings;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the submitter, creations, pollers and collectors share, and their one way to wait.
 *
 * @param apis     the Batch APIs, by base URL
 * @param jobs     the job records
 * @param waiters  this instance's waiting callers
 * @param settings the settings
 * @param counters batches created and ended
 * @param stop     counted down when the queue closes: every wait ends at once, without interrupting a call
 *                 (an interrupt would break a state-store command in flight), and whatever is not recorded
 *                 as done stays recorded for whoever resumes it
 */
record Context(Apis apis, JobStore jobs, Waiters waiters, BatchSettings settings, Counters counters,
               CountDownLatch stop) {

    /** Waits, and says whether the queue closed meanwhile (or the thread was interrupted). */
    boolean stopped(Duration wait) {
        try {
            return stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Whether the queue is closing. */
    boolean stopping() {
        return stop.getCount() == 0;
    }

    /** The next wait of a doubling backoff, capped at {@link BatchSettings#pollMax()}. */
    Duration backoff(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        return doubled.compareTo(settings.pollMax()) > 0 ? settings.pollMax() : doubled;
    }
}

package dev.ogem.routing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines of upstream attempts that run on the caller's own virtual thread: one daemon thread looks at
 * them every {@link #TICK} and interrupts the thread of each attempt past its deadline, which closes the
 * socket that thread waits on. An attempt costs a registration in a concurrent set and no hand-off to
 * another thread; its timeout fires up to one tick late.
 */
final class AttemptDeadlines {

    /** How often deadlines are checked: the most a timeout fires late. */
    static final Duration TICK = Duration.ofMillis(20);

    private static final Set<Attempt> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("ogem-attempt-deadlines").start(AttemptDeadlines::watch);
    }

    private AttemptDeadlines() {
    }

    /**
     * Starts watching an attempt of the current thread.
     *
     * @param timeout how long it may run
     * @return the attempt, to be {@linkplain Attempt#finish() finished} by the same thread
     */
    static Attempt start(Duration timeout) {
        Attempt attempt = new Attempt(Thread.currentThread(), System.nanoTime() + Math.max(1, timeout.toNanos()));
        RUNNING.add(attempt);
        return attempt;
    }

    private static void watch() {
        while (true) {
            LockSupport.parkNanos(TICK.toNanos());
            long now = System.nanoTime();
            for (Attempt attempt : RUNNING) {
                if (now - attempt.deadline >= 0) {
                    attempt.expire();
                }
            }
        }
    }

    /** One attempt: running until its thread finishes it or the watcher expires it, whichever comes first. */
    static final class Attempt {
        private final Thread thread;
        private final long deadline;
        private boolean running = true;
        private boolean expired;

        private Attempt(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        private synchronized void expire() {
            if (running) {
                running = false;
                expired = true;
                thread.interrupt();
            }
        }

        /**
         * Ends the watch. Called by the attempt's thread once the call returned or threw.
         *
         * @return true when the deadline passed first: the thread was interrupted, and that interrupt is
         *         cleared here so that it reaches nothing the caller does next
         */
        boolean finish() {
            RUNNING.remove(this);
            synchronized (this) {
                running = false;
                if (expired) {
                    Thread.interrupted();
                }
                return expired;
            }
        }
    }
}

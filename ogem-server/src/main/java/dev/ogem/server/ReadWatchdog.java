package dev.ogem.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends a request body read that makes no progress for the client read timeout: it interrupts the reading
 * (virtual) thread, which closes the connection's socket channel, so that a client that sends headers and
 * then nothing cannot hold a connection, a thread and its share of the body budget. One daemon thread
 * checks every watched read four times per timeout.
 */
final class ReadWatchdog {

    private static final ScheduledThreadPoolExecutor CHECKS = checks();

    private ReadWatchdog() {
    }

    /** One daemon thread; a watch closed in time leaves the queue at once rather than at its first check. */
    private static ScheduledThreadPoolExecutor checks() {
        ScheduledThreadPoolExecutor checks = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "ogem-read-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        checks.setRemoveOnCancelPolicy(true);
        return checks;
    }

    /**
     * Watches the calling thread's read until {@link Watch#close()}.
     *
     * @param timeout the longest it may go without progress
     * @return the watch; call {@link Watch#progressed()} after each read that returned bytes
     */
    static Watch watch(Duration timeout) {
        Watch watch = new Watch(Thread.currentThread(), timeout.toNanos());
        long period = Math.max(1, timeout.toMillis() / 4);
        watch.check = CHECKS.scheduleWithFixedDelay(watch::check, period, period, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** One watched read. */
    static final class Watch implements AutoCloseable {

        private final Thread reader;
        private final long timeoutNanos;
        private volatile long lastProgress = System.nanoTime();
        private ScheduledFuture<?> check;
        private boolean done;
        private boolean fired;

        private Watch(Thread reader, long timeoutNanos) {
            this.reader = reader;
            this.timeoutNanos = timeoutNanos;
        }

        void progressed() {
            lastProgress = System.nanoTime();
        }

        synchronized boolean fired() {
            return fired;
        }

        private synchronized void check() {
            if (!done && !fired && System.nanoTime() - lastProgress > timeoutNanos) {
                fired = true;
                reader.interrupt();
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                done = true;
            }
            check.cancel(false);
            if (fired) {
                // the interrupt has done its work (the channel is closed); it must not reach later waits
                Thread.interrupted();
            }
        }
    }
}

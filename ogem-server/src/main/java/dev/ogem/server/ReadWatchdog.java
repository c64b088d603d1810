package dev.ogem.server;

import dev.ogem.api.Watchdog;

import java.time.Duration;

/**
 * Ends a request body read that makes no progress for the client read timeout: it interrupts the reading
 * (virtual) thread, which closes the connection's socket channel, so that a client that sends headers and
 * then nothing cannot hold a connection, a thread and its share of the body budget. The gateway's shared
 * {@link Watchdog} checks every watched read once a tick, and opening a watch wakes no thread.
 */
final class ReadWatchdog {

    private ReadWatchdog() {
    }

    /**
     * Watches the calling thread's read until {@link Watch#close()}.
     *
     * @param timeout the longest it may go without progress
     * @return the watch; call {@link Watch#progressed()} after each read that returned bytes
     */
    static Watch watch(Duration timeout) {
        Watch watch = new Watch(Thread.currentThread(), timeout.toNanos());
        watch.check = Watchdog.watch(watch::check);
        return watch;
    }

    /** One watched read. */
    static final class Watch implements AutoCloseable {

        private final Thread reader;
        private final long timeoutNanos;
        private volatile long lastProgress = System.nanoTime();
        private Watchdog.Watch check;
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

        private synchronized boolean check(long now) {
            if (done || fired) {
                return false;
            }
            if (now - lastProgress > timeoutNanos) {
                fired = true;
                reader.interrupt();
                return false;
            }
            return true;
        }

        @Override
        public void close() {
            check.close();
            synchronized (this) {
                done = true;
            }
            if (fired) {
                // the interrupt has done its work (the channel is closed); it must not reach later waits
                Thread.interrupted();
            }
        }
    }
}

package dev.ogem.providers.http;

import dev.ogem.api.Watchdog;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ends streams whose upstream keeps them open without sending anything for the client. The gateway's shared
 * {@link Watchdog} checks every open stream once a tick, or once a second when its idle limit is
 * {@link #COARSE_FROM} or more (a second late is then a tenth of the limit at most, and a thousand held streams
 * cost the watchdog a hundredth of what a check every tick does); opening a stream's watch wakes no thread. Only
 * the time a stream's reader waits counts: the clock runs from the moment the reader asks for a chunk until a chunk
 * that carries something is handed out, so a caller that is slow to read (a slow client) never makes its own
 * upstream look idle.
 */
final class StreamWatchdog {

    /** The shortest idle limit checked once a second rather than once a tick. */
    static final Duration COARSE_FROM = Duration.ofSeconds(10);

    private StreamWatchdog() {
    }

    /**
     * Starts watching a stream.
     *
     * @param idle   how long the reader may wait without a chunk for the client
     * @param onIdle what to run, once, on a virtual thread of its own, when it has waited that long (it closes
     *               the connection, which ends the blocked read)
     * @return the watch, to be told about the reader and stopped when the stream closes
     */
    static Watch start(Duration idle, Runnable onIdle) {
        Watch watch = new Watch(idle.toNanos(), onIdle);
        watch.check = idle.compareTo(COARSE_FROM) >= 0 ? Watchdog.watchEverySecond(watch::check)
                : Watchdog.watch(watch::check);
        return watch;
    }

    /** The watch over one stream. */
    static final class Watch {
        private static final long NOT_WAITING = Long.MIN_VALUE;

        private final long idleNanos;
        private final Runnable onIdle;
        /** When the reader started waiting for a chunk for the client, or {@link #NOT_WAITING}. */
        private final AtomicLong waitingSince = new AtomicLong(NOT_WAITING);
        private final ReentrantLock lock = new ReentrantLock();
        private Watchdog.Watch check;
        private boolean stopped;
        private volatile boolean fired;

        private Watch(long idleNanos, Runnable onIdle) {
            this.idleNanos = idleNanos;
            this.onIdle = onIdle;
        }

        /** The reader waits for a chunk for the client: the clock runs from the first call to {@link #delivered()}. */
        void awaiting() {
            if (waitingSince.get() == NOT_WAITING) {
                waitingSince.compareAndSet(NOT_WAITING, System.nanoTime());
            }
        }

        /** A chunk that carries something for the client was handed out: the clock stops. */
        void delivered() {
            waitingSince.set(NOT_WAITING);
        }

        /**
         * Whether the stream was found idle and its connection closed.
         *
         * @return true once the idle action ran or is running
         */
        boolean fired() {
            return fired;
        }

        /** Stops watching; the idle action never runs after this returns unless it already started. */
        void stop() {
            check.close();
            lock.lock();
            try {
                stopped = true;
            } finally {
                lock.unlock();
            }
        }

        /** The check, on the watchdog's thread: fires once the reader has waited the idle limit. */
        private boolean check(long now) {
            long since = waitingSince.get();
            if (since == NOT_WAITING || now - since < idleNanos) {
                return true;
            }
            lock.lock();
            try {
                if (stopped) {
                    return false;
                }
                stopped = true;
                fired = true;
            } finally {
                lock.unlock();
            }
            Thread.ofVirtual().name("ogem-stream-idle").start(onIdle);
            return false;
        }
    }
}

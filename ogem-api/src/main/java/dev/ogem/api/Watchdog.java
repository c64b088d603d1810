package dev.ogem.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's one coarse timer for watchdogs on the request path (for ogem's own modules; it sits in the API
 * module because routing, providers and server all use it): a request body that stops arriving, an
 * upstream attempt past its deadline, a stream gone idle. One daemon thread runs every open watch's check once a
 * {@linkplain #TICK_MILLIS tick}, or once a second for a watch opened with {@link #watchEverySecond} (deadlines of
 * many seconds: a thousand held streams checked every tick cost a tenth of their CPU); opening and closing a watch
 * costs an add and a remove in a concurrent set, and wakes no thread. (A {@code ScheduledExecutorService} signals
 * its thread whenever a new task becomes its next one: on a busy core that is a context switch per request,
 * measured at 5 µs of a 90 µs request.)
 *
 * <p><b>Precision.</b> A check that finds its watch due runs within one tick after the deadline it looks for (within
 * a second for {@link #watchEverySecond}).
 *
 * <p><b>Idle.</b> With no watch open for a second the thread parks until the next watch is opened, so an idle
 * gateway wakes no one.
 *
 * <p><b>Threading.</b> {@link #watch} and {@link Watch#close()} may be called from any thread. Checks run on the
 * watchdog's thread, one after another: they must be quick and never block (interrupting a thread or starting
 * one is fine). A check that throws is logged and dropped.
 */
public final class Watchdog {

    /** Milliseconds between two rounds of checks. */
    public static final long TICK_MILLIS = 10;

    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** Rounds in a second: empty rounds in a row before the thread parks, and the period of the slow watches. */
    private static final int SECOND_ROUNDS = (int) (1000 / TICK_MILLIS);

    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private final Set<Watch> slow = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean parked;

    private Watchdog() {
        thread = Thread.ofPlatform().daemon().name("ogem-watchdog").unstarted(this::run);
    }

    /** The shared instance, its thread started on first use. */
    private static final class Shared {
        private static final Watchdog INSTANCE = start();

        private static Watchdog start() {
            Watchdog watchdog = new Watchdog();
            watchdog.thread.start();
            return watchdog;
        }
    }

    /**
     * Opens a watch.
     *
     * @param check run once a tick with {@link System#nanoTime()} until it returns false or the watch is closed
     * @return the watch, to close when there is nothing left to watch
     */
    public static Watch watch(Check check) {
        Watchdog watchdog = Shared.INSTANCE;
        return watchdog.open(check, watchdog.open);
    }

    /**
     * Opens a watch checked once a second, for a deadline that a second late does not matter to.
     *
     * @param check run about once a second with {@link System#nanoTime()} until it returns false or the watch is closed
     * @return the watch, to close when there is nothing left to watch
     */
    public static Watch watchEverySecond(Check check) {
        Watchdog watchdog = Shared.INSTANCE;
        return watchdog.open(check, watchdog.slow);
    }

    private Watch open(Check check, Set<Watch> watches) {
        Watch watch = new Watch(watches, check);
        watches.add(watch);
        if (parked) {
            LockSupport.unpark(thread);
        }
        return watch;
    }

    private void run() {
        int emptyRounds = 0;
        long round = 0;
        while (true) {
            if (!idle()) {
                emptyRounds = 0;
                long now = System.nanoTime();
                checkAll(open, now);
                if (++round % SECOND_ROUNDS == 0) {
                    checkAll(slow, now);
                }
            } else if (++emptyRounds >= SECOND_ROUNDS) {
                parked = true;
                if (idle()) { // re-read after announcing the park: a watch opened meanwhile is seen here
                    LockSupport.park(this);
                }
                parked = false;
                emptyRounds = 0;
                continue;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
        }
    }

    private boolean idle() {
        return open.isEmpty() && slow.isEmpty();
    }

    private static void checkAll(Set<Watch> watches, long now) {
        for (Watch watch : watches) {
            boolean keep;
            try {
                keep = watch.check.keepWatching(now);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "A watchdog check failed and was dropped", e);
                keep = false;
            }
            if (!keep) {
                watches.remove(watch);
            }
        }
    }

    /** What a watch does each tick. */
    @FunctionalInterface
    public interface Check {
        /**
         * Looks at what is watched, and acts when it is due.
         *
         * @param nowNanos {@link System#nanoTime()} at the start of this round
         * @return true to be checked again next tick, false when done
         */
        boolean keepWatching(long nowNanos);
    }

    /** One open watch; identity-based, so that equal checks are separate watches. */
    public static final class Watch implements AutoCloseable {

        private final Set<Watch> watches;
        private final Check check;

        private Watch(Set<Watch> watches, Check check) {
            this.watches = watches;
            this.check = check;
        }

        /** Stops the checks; a check already running may still finish. Idempotent. */
        @Override
        public void close() {
            watches.remove(this);
        }
    }
}

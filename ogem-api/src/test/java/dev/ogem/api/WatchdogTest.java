package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared watchdog runs each open check once a tick (or once a second) until it is done, closed or fails, and
 * wakes after idling.
 */
class WatchdogTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void aCheckRunsOnceATickUntilItSaysItIsDone() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger backwards = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        long opened = System.nanoTime();
        Watchdog.watch(now -> {
            if (now < last.getAndSet(now)) {
                backwards.incrementAndGet();
            }
            if (rounds.incrementAndGet() < 3) {
                return true;
            }
            done.countDown();
            return false;
        });
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
        Thread.sleep(5 * Watchdog.TICK_MILLIS);
        assertEquals(3, rounds.get(), "checked again after it said it was done");
        assertEquals(0, backwards.get(), "the time went backwards between rounds");
        assertTrue(elapsedMillis >= Watchdog.TICK_MILLIS, "three rounds in " + elapsedMillis + " ms: not once a tick");
    }

    @Test
    void aWatchEverySecondIsCheckedAboutOnceASecond() throws InterruptedException {
        List<Long> checks = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        try (Watchdog.Watch watch = Watchdog.watchEverySecond(now -> {
            checks.add(now);
            three.countDown();
            return true;
        })) {
            assertTrue(three.await(WAIT_SECONDS, TimeUnit.SECONDS), "not checked three times in " + WAIT_SECONDS + " s");
        }
        for (int i = 1; i < 3; i++) {
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(checks.get(i) - checks.get(i - 1));
            assertTrue(gapMillis >= 500, "checked again after " + gapMillis + " ms, not once a second");
        }
    }

    @Test
    void aClosedWatchIsNotCheckedAgain() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        Watchdog.Watch watch = Watchdog.watch(now -> {
            rounds.incrementAndGet();
            started.countDown();
            return true;
        });
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        watch.close();
        watch.close();
        Thread.sleep(2 * Watchdog.TICK_MILLIS); // a round already running may still finish
        int afterClose = rounds.get();
        Thread.sleep(10 * Watchdog.TICK_MILLIS);
        assertEquals(afterClose, rounds.get());
    }

    @Test
    void aFailingCheckIsDroppedAndTheOthersGoOn() throws InterruptedException {
        AtomicInteger failures = new AtomicInteger();
        Watchdog.watch(now -> {
            failures.incrementAndGet();
            throw new IllegalStateException("a broken check");
        });
        CountDownLatch tenRounds = new CountDownLatch(10);
        try (Watchdog.Watch healthy = Watchdog.watch(now -> {
            tenRounds.countDown();
            return true;
        })) {
            assertTrue(tenRounds.await(WAIT_SECONDS, TimeUnit.SECONDS), "the watchdog stopped after a failing check");
        }
        assertEquals(1, failures.get());
    }

    @Test
    void aWatchOpenedAfterAnIdleSpellIsCheckedPromptly() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        Watchdog.watch(now -> {
            first.countDown();
            return false;
        });
        assertTrue(first.await(WAIT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(1500); // no watch open for longer than a second: the thread parks
        CountDownLatch woken = new CountDownLatch(1);
        long opened = System.nanoTime();
        Watchdog.watch(now -> {
            woken.countDown();
            return false;
        });
        assertTrue(woken.await(WAIT_SECONDS, TimeUnit.SECONDS), "a parked watchdog did not wake for a new watch");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
        assertTrue(waitedMillis < 1000, "the new watch waited " + waitedMillis + " ms for its first check");
    }
}

package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import dev.ogem.api.Watchdog;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one upstream attempt and gives up on it after a timeout, so a hung endpoint is abandoned and the next
 * one tried.
 *
 * <p>On a virtual thread (every request's) the attempt runs on the calling thread, and the shared
 * {@link Watchdog} interrupts it once the timeout has passed (within a tick): an interrupt closes the socket a
 * virtual thread is blocked on, which ends the attempt with a {@code TIMEOUT}. No thread is started and nothing
 * waits with a timeout, which on a busy core saved two hand-offs between threads per request.
 *
 * <p>On a platform thread, whose blocking socket reads an interrupt does not end, the attempt runs on a virtual
 * thread of its own that is abandoned at the timeout (interrupted, which closes its socket).
 *
 * <p>Either way an answer that comes back after the deadline passed is handed to {@code discard} (a stream is
 * closed) and the attempt is a {@code TIMEOUT}.
 */
final class TimedCall {

    private TimedCall() {
    }

    static <T> T within(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
        return Thread.currentThread().isVirtual() ? onThisThread(timeout, label, call, discard)
                : onThreadOfItsOwn(timeout, label, call, discard);
    }

    private static <T> T onThisThread(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
        Deadline deadline = new Deadline(Thread.currentThread(), System.nanoTime() + Math.max(1, timeout.toNanos()));
        Watchdog.Watch watch = Watchdog.watch(deadline);
        T value;
        try {
            value = call.call();
        } catch (Exception | Error e) {
            if (deadline.disarm(watch)) {
                throw timedOut(label, timeout);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw ProviderException.of(ProviderException.Kind.TIMEOUT, "The request was interrupted.");
            }
            throw unchecked(e);
        }
        if (deadline.disarm(watch)) {
            discard.accept(value);
            throw timedOut(label, timeout);
        }
        return value;
    }

    /** The attempt's deadline: interrupts the attempt's thread once, unless disarmed first. */
    private static final class Deadline implements Watchdog.Check {
        private final Thread attempt;
        private final long deadlineNanos;
        private boolean done;
        private boolean fired;

        Deadline(Thread attempt, long deadlineNanos) {
            this.attempt = attempt;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public synchronized boolean keepWatching(long nowNanos) {
            if (done) {
                return false;
            }
            if (nowNanos - deadlineNanos >= 0) {
                fired = true;
                attempt.interrupt();
                return false;
            }
            return true;
        }

        /**
         * Stops the watch; after this no interrupt comes, and one that came is cleared (it must not reach the
         * caller's next wait, such as the write of the answer).
         *
         * @return whether the deadline had passed
         */
        boolean disarm(Watchdog.Watch watch) {
            watch.close();
            synchronized (this) {
                done = true;
            }
            if (fired) {
                Thread.interrupted();
            }
            return fired;
        }
    }

    private static <T> T onThreadOfItsOwn(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
        AtomicBoolean abandoned = new AtomicBoolean();
        FutureTask<T> task = new FutureTask<>(() -> {
            T value = call.call();
            if (abandoned.get()) {
                discard.accept(value);
            }
            return value;
        });
        Thread.ofVirtual().name("ogem-attempt-" + label).start(task);
        try {
            return task.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            abandon(task, discard);
            throw timedOut(label, timeout);
        } catch (InterruptedException e) {
            abandoned.set(true);
            abandon(task, discard);
            Thread.currentThread().interrupt();
            throw ProviderException.of(ProviderException.Kind.TIMEOUT, "The request was interrupted.");
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static ProviderException timedOut(String label, Duration timeout) {
        return ProviderException.of(ProviderException.Kind.TIMEOUT, "The upstream " + label
                + " sent no first byte within " + timeout.toMillis() + " ms.");
    }

    private static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }

    private static <T> void abandon(FutureTask<T> task, Consumer<T> discard) {
        if (!task.cancel(true)) {
            try {
                discard.accept(task.get());
            } catch (ExecutionException | InterruptedException | RuntimeException ignored) {
                // nothing to clean up
            }
        }
    }
}

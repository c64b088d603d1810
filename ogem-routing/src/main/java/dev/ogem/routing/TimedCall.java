package dev.ogem.routing;

import dev.ogem.api.ProviderException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one upstream attempt and gives up on it after a timeout, so a hung endpoint is abandoned and the
 * next one tried. On a virtual thread (every request of the server) the attempt runs on the caller's own
 * thread, which {@link AttemptDeadlines} interrupts at the deadline (closing the socket it waits on): no
 * thread is started and no hand-off happens per attempt. On a platform thread, whose socket reads an
 * interrupt does not end, the attempt runs on a virtual thread of its own that is abandoned and
 * interrupted at the deadline; an answer that still arrives is handed to {@code discard} (a stream is closed).
 */
final class TimedCall {

    private TimedCall() {
    }

    static <T> T within(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
        if (Thread.currentThread().isVirtual()) {
            return onThisThread(timeout, label, call, discard);
        }
        return onItsOwnThread(timeout, label, call, discard);
    }

    private static <T> T onThisThread(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted();
        }
        AttemptDeadlines.Attempt attempt = AttemptDeadlines.start(timeout);
        T value;
        try {
            value = call.call();
        } catch (Error e) {
            attempt.finish();
            throw e;
        } catch (Exception e) {
            if (attempt.finish()) {
                throw timedOut(label, timeout);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
        if (attempt.finish()) {
            // the deadline passed as the answer came: the interrupt may have closed its connection
            discard.accept(value);
            throw timedOut(label, timeout);
        }
        return value;
    }

    private static <T> T onItsOwnThread(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
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
            throw interrupted();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ProviderException timedOut(String label, Duration timeout) {
        return ProviderException.of(ProviderException.Kind.TIMEOUT, "The upstream " + label
                + " sent no first byte within " + timeout.toMillis() + " ms.");
    }

    private static ProviderException interrupted() {
        return ProviderException.of(ProviderException.Kind.TIMEOUT, "The request was interrupted.");
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

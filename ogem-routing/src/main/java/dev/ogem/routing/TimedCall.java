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
 * Runs one upstream attempt on its own virtual thread and gives up on it after a timeout, so a hung
 * endpoint is abandoned and the next one tried. The abandoned thread is interrupted (which closes its
 * socket); an answer that still arrives is handed to {@code discard} (a stream is closed).
 */
final class TimedCall {

    private TimedCall() {
    }

    static <T> T within(Duration timeout, String label, Callable<T> call, Consumer<T> discard) {
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
            throw ProviderException.of(ProviderException.Kind.TIMEOUT, "The upstream " + label
                    + " sent no first byte within " + timeout.toMillis() + " ms.");
        } catch (InterruptedException e) {
            abandoned.set(true);
            abandon(task, discard);
            Thread.currentThread().interrupt();
            throw ProviderException.of(ProviderException.Kind.TIMEOUT, "The request was interrupted.");
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

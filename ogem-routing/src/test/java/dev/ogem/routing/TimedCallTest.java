package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An attempt on a virtual thread runs on that thread and is ended at its deadline by an interrupt that
 * closes the socket it waits on, and that interrupt never outlives the attempt; on a platform thread the
 * attempt runs on a thread of its own. The upstream here is a real loopback socket that never answers.
 */
class TimedCallTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @Test
    void onAVirtualThreadAHungReadIsEndedAtTheDeadlineOnTheCallersOwnThread() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            AtomicReference<Socket> socket = new AtomicReference<>();
            Outcome outcome = onVirtualThread(() -> {
                ProviderException e = assertThrows(ProviderException.class, () -> TimedCall.within(TIMEOUT, "silent",
                        () -> {
                            ranOn.set(Thread.currentThread());
                            socket.set(new Socket(silent.getInetAddress(), silent.getLocalPort()));
                            return socket.get().getInputStream().read();
                        }, ignored -> { }));
                return new Outcome(e, Thread.currentThread(), Thread.currentThread().isInterrupted());
            });
            assertEquals(ProviderException.Kind.TIMEOUT, outcome.error().kind());
            assertTrue(outcome.error().getMessage().contains("silent"), outcome.error().getMessage());
            assertSame(outcome.caller(), ranOn.get(), "no thread of its own");
            assertFalse(outcome.interruptedAfter(), "the deadline's interrupt is cleared before the caller goes on");
            assertTrue(socket.get().isClosed(), "the interrupt closed the socket the attempt waited on");
        }
    }

    @Test
    void anAttemptThatEndsInTimeLeavesNoInterruptBehind() throws Exception {
        Outcome outcome = onVirtualThread(() -> {
            assertEquals("answer", TimedCall.within(TIMEOUT, "fast", () -> "answer", ignored -> { }));
            // past the finished attempt's deadline and a few checks of the watcher: nothing may arrive
            Thread.sleep(TIMEOUT.plus(AttemptDeadlines.TICK.multipliedBy(5)).toMillis());
            return new Outcome(null, Thread.currentThread(), Thread.currentThread().isInterrupted());
        });
        assertFalse(outcome.interruptedAfter());
    }

    @Test
    void theAttemptsOwnFailureIsRethrownAsItIs() throws Exception {
        Outcome outcome = onVirtualThread(() -> {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TimedCall.within(TIMEOUT, "broken",
                    () -> {
                        throw new UncheckedIOException(new IOException("refused"));
                    }, ignored -> { }));
            assertEquals("refused", e.getCause().getMessage());
            return new Outcome(null, Thread.currentThread(), Thread.currentThread().isInterrupted());
        });
        assertFalse(outcome.interruptedAfter());
    }

    @Test
    void onAPlatformThreadTheAttemptRunsOnAThreadOfItsOwnAndIsAbandonedAtTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            ProviderException e = assertThrows(ProviderException.class, () -> TimedCall.within(TIMEOUT, "silent", () -> {
                ranOn.set(Thread.currentThread());
                try (Socket socket = new Socket(silent.getInetAddress(), silent.getLocalPort())) {
                    return socket.getInputStream().read();
                }
            }, ignored -> { }));
            assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
            assertNotSame(Thread.currentThread(), ranOn.get());
            assertTrue(ranOn.get().isVirtual());
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    private record Outcome(ProviderException error, Thread caller, boolean interruptedAfter) {
    }

    private interface Body {
        Outcome run() throws Exception;
    }

    private static Outcome onVirtualThread(Body body) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Outcome> result = executor.submit(body::run);
            try {
                return result.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }
}

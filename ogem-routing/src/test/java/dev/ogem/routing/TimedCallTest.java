package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TimedCall} against a real loopback socket whose peer never answers: the attempt ends at its timeout
 * on the request's own virtual thread (the path every request takes) and on a platform thread, and the caller's
 * thread is left without an interrupt either way.
 */
class TimedCallTest {

    private ServerSocket silent;
    private final CopyOnWriteArrayList<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    /** Connects and blocks reading an answer that never comes, like an upstream that hangs. */
    private Callable<String> hungRead(AtomicReference<Thread> ranOn) {
        return () -> {
            ranOn.set(Thread.currentThread());
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort());
                 InputStream in = socket.getInputStream()) {
                return "read " + in.read();
            }
        };
    }

    @Test
    void aHungAttemptOnAVirtualThreadEndsAtItsTimeoutOnThatThread() throws Exception {
        try (ExecutorService request = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Outcome> outcome = request.submit(() -> {
                AtomicReference<Thread> ranOn = new AtomicReference<>();
                long start = System.nanoTime();
                ProviderException e = assertThrows(ProviderException.class,
                        () -> TimedCall.within(Duration.ofMillis(150), "hung", hungRead(ranOn), ignored -> { }));
                return new Outcome(e, System.nanoTime() - start, ranOn.get() == Thread.currentThread(),
                        Thread.currentThread().isInterrupted());
            });
            Outcome result = outcome.get(10, TimeUnit.SECONDS);
            assertEquals(ProviderException.Kind.TIMEOUT, result.failure().kind());
            assertTrue(result.failure().getMessage().contains("hung sent no first byte within 150 ms"),
                    result.failure().getMessage());
            assertTrue(result.ranOnCaller(), "no thread is started for the attempt");
            assertFalse(result.interruptedAfter(), "the deadline's interrupt does not outlive the attempt");
            long millis = TimeUnit.NANOSECONDS.toMillis(result.nanos());
            assertTrue(millis >= 150 && millis < 2_000, "ended at the timeout, took " + millis + " ms");
        }
    }

    @Test
    void anAttemptThatAnswersInTimeLeavesNoInterruptBehind() throws Exception {
        try (ExecutorService request = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> interruptedLater = request.submit(() -> {
                assertEquals("ok", TimedCall.within(Duration.ofMillis(30), "fast", () -> "ok", ignored -> { }));
                try {
                    Thread.sleep(200); // past the deadline: a watch left open would interrupt this sleep
                    return false;
                } catch (InterruptedException e) {
                    return true;
                }
            });
            assertFalse(interruptedLater.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anAnswerThatComesAfterTheDeadlineIsDiscarded() throws Exception {
        CopyOnWriteArrayList<String> discarded = new CopyOnWriteArrayList<>();
        try (ExecutorService request = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ProviderException> thrown = request.submit(() -> assertThrows(ProviderException.class,
                    () -> TimedCall.within(Duration.ofMillis(50), "late", () -> {
                        try {
                            Thread.sleep(5_000);
                        } catch (InterruptedException swallowed) {
                            // a call that ignores the interrupt and answers anyway
                        }
                        return "late answer";
                    }, discarded::add)));
            assertEquals(ProviderException.Kind.TIMEOUT, thrown.get(10, TimeUnit.SECONDS).kind());
        }
        assertEquals(List.of("late answer"), discarded);
    }

    @Test
    void aHungAttemptOnAPlatformThreadIsAbandonedAtItsTimeout() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        long start = System.nanoTime();
        ProviderException e = assertThrows(ProviderException.class,
                () -> TimedCall.within(Duration.ofMillis(150), "hung", hungRead(ranOn), ignored -> { }));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertTrue(millis >= 150 && millis < 2_000, "abandoned at the timeout, took " + millis + " ms");
        assertTrue(ranOn.get().isVirtual(), "a platform thread's socket read ignores interrupts: the attempt ran apart");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aFailureBeforeTheDeadlineIsTheAttemptsOwn() throws Exception {
        IllegalArgumentException own = new IllegalArgumentException("refused");
        try (ExecutorService request = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<RuntimeException> thrown = request.submit(() -> assertThrows(RuntimeException.class,
                    () -> TimedCall.within(Duration.ofSeconds(5), "failing", () -> {
                        throw own;
                    }, ignored -> { })));
            assertSame(own, thrown.get(10, TimeUnit.SECONDS));
        }
    }

    private record Outcome(ProviderException failure, long nanos, boolean ranOnCaller, boolean interruptedAfter) {
    }
}

package dev.ogem.batch;

import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.ogem.batch.Requests.ask;
import static dev.ogem.batch.Requests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paid results are kept until read: downloads are retried, partial outputs of ended batches delivered. */
class CollectingTest {
    private FakeBatchApi api;
    private StateStore store;
    private BatchQueue queue;
    private BatchTarget target;

    @BeforeEach
    void start() {
        api = FakeBatchApi.start();
        store = StateStore.inMemory(InstantSource.system());
        target = new BatchTarget(api.baseUrl(), "gpt-4o");
        queue = BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))),
                BatchQueueTest.fast());
    }

    @AfterEach
    void stop() {
        queue.close();
        store.close();
        api.close();
    }

    private long downloads() {
        return api.calls().stream().filter(c -> c.path().endsWith("/content")).count();
    }

    @Test
    void failedDownloadsOfACompletedBatchAreRetriedUntilTheResultsAreRead() {
        api.failDownloads(6);
        assertEquals("echo:gpt-4o:paid for", text(queue.submit(target, ask("paid for"), BatchQueueTest.LONG)));
        assertTrue(downloads() >= 7, "six failures, then the read: " + downloads());
        assertEquals(1, queue.status().completed());
        assertEquals(0, queue.status().failed());
    }

    @Test
    void aCallerWhoseWaitEndsWhileDownloadsFailGetsPendingAndItsResendTheAnswer() {
        api.failDownloads(Integer.MAX_VALUE);
        PendingException pending = assertThrows(PendingException.class,
                () -> queue.submit(target, ask("keep it"), Duration.ofSeconds(1)));
        assertEquals("batch_pending", pending.code().orElseThrow());
        Await.until("downloads retried", () -> downloads() >= 5);
        assertEquals(0, queue.status().failed(), "a transient failure never ends the batch");
        assertEquals("completed", queue.status().batches().getFirst().state());

        api.failDownloads(0);
        assertEquals("echo:gpt-4o:keep it", text(queue.submit(target, ask("keep it"), BatchQueueTest.LONG)));
        assertEquals(1, api.created().size(), "the resend reattached: nothing paid twice");
        assertEquals("echo:gpt-4o:keep it", text(queue.submit(target, ask("keep it"), Duration.ofMillis(1))));
    }

    @Test
    void anExpiredBatchDeliversTheLinesDoneBeforeItAndFailsTheOthers() throws Exception {
        api.ending(FakeBatchApi.Ending.EXPIRED);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> done = callers.submit(() -> text(queue.submit(target, ask("quick"), BatchQueueTest.LONG)));
            Future<String> late = callers.submit(() -> text(queue.submit(target, ask("slow"), BatchQueueTest.LONG)));
            assertEquals("echo:gpt-4o:quick", done.get());
            ProviderException expired = assertInstanceOf(ProviderException.class,
                    assertThrows(Exception.class, late::get).getCause());
            assertEquals("batch_expired", expired.code().orElseThrow());
            assertTrue(expired.retryable());
        }
        assertEquals(1, api.created().size());
        assertEquals(2, api.created().getFirst().lines().size());
        assertEquals("echo:gpt-4o:quick", text(queue.submit(target, ask("quick"), Duration.ofMillis(1))),
                "the delivered answer is kept like any other");
    }

    @Test
    void aCancelledBatchWhoseFilesLeaveOutARequestSaysItWasCancelledBeforeIt() throws Exception {
        api.ending(FakeBatchApi.Ending.CANCELLED);
        api.reportUnfinished(false);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> done = callers.submit(() -> text(queue.submit(target, ask("quick"), BatchQueueTest.LONG)));
            Future<String> missing = callers.submit(() -> text(queue.submit(target, ask("slow"), BatchQueueTest.LONG)));
            Future<String> rejected = callers.submit(() -> text(queue.submit(target, ask("reject"),
                    BatchQueueTest.LONG)));
            assertEquals("echo:gpt-4o:quick", done.get());
            ProviderException cancelled = assertInstanceOf(ProviderException.class,
                    assertThrows(Exception.class, missing::get).getCause());
            assertEquals("batch_cancelled", cancelled.code().orElseThrow());
            assertTrue(cancelled.getMessage().contains("cancelled upstream before this request was done"),
                    cancelled.getMessage());
            ProviderException own = assertInstanceOf(ProviderException.class,
                    assertThrows(Exception.class, rejected::get).getCause());
            assertEquals("invalid_value", own.code().orElseThrow(), "a line's own error stays its own");
        }
        assertEquals(1, queue.status().failed(), "the batch counts as not completed");
    }
}

package dev.ogem.batch;

import dev.ogem.api.PendingException;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing sends what is queued upstream and tells its callers to come back, instead of dropping it. */
class ClosingTest {
    private FakeBatchApi api;
    private StateStore store;
    private BatchTarget target;

    @BeforeEach
    void start() {
        api = FakeBatchApi.start();
        store = StateStore.inMemory(InstantSource.system());
        target = new BatchTarget(api.baseUrl(), "gpt-4o");
    }

    @AfterEach
    void stop() {
        store.close();
        api.close();
    }

    private BatchQueue queue() {
        return BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))),
                BatchQueueTest.fast().toBuilder().flushAfter(Duration.ofHours(1)).build());
    }

    @Test
    void queuedRequestsAreSubmittedAtCloseAndTheirCallersToldToComeBack() throws Exception {
        api.hold(true);
        BatchQueue queue = queue();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = callers.submit(() -> queue.submit(target, ask("first"), BatchQueueTest.LONG));
            Future<?> second = callers.submit(() -> queue.submit(target, ask("second"), BatchQueueTest.LONG));
            Await.until("both queued", () -> queue.status().queued() == 2);
            assertEquals(List.of(), api.calls(), "nothing sent before the flush window ends");

            queue.close();

            assertEquals(1, api.created().size(), "the queue was flushed into a batch");
            assertEquals(2, api.created().getFirst().lines().size());
            String batchId = api.created().getFirst().id();
            for (Future<?> caller : List.of(first, second)) {
                PendingException pending = assertInstanceOf(PendingException.class,
                        assertThrows(Exception.class, caller::get).getCause());
                assertEquals("batch_pending", pending.code().orElseThrow());
                assertTrue(pending.getMessage().contains(batchId), pending.getMessage());
            }
        }
        assertEquals(0, queue.status().queued());
    }

    @Test
    void aJobWhoseCreationFailsAtCloseStaysRecordedAndItsCallerComesBack() {
        api.failCreates(Integer.MAX_VALUE, 503, false);
        BatchQueue queue = BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.empty())),
                BatchQueueTest.fast().toBuilder().flushAfter(Duration.ofHours(1)).closeTimeout(Duration.ofSeconds(2))
                        .build());
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> caller = callers.submit(() -> queue.submit(target, ask("stuck"), BatchQueueTest.LONG));
            Await.until("queued", () -> queue.status().queued() == 1);
            queue.close();
            assertInstanceOf(PendingException.class, assertThrows(Exception.class, caller::get).getCause(),
                    "the job is recorded as being created: the caller comes back for it");
        }
        assertEquals(0, api.created().size());
        assertEquals(1, store.records().members("batch-inflight").size(), "recorded for the next start");
    }
}

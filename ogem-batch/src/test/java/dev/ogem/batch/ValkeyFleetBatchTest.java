package dev.ogem.batch;

import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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

/**
 * Instances sharing a real Valkey: what one queued at shutdown the next start polls; two instances on one
 * job both answer without harm; and while Valkey is out nothing is sent that could not be recorded.
 */
class ValkeyFleetBatchTest {
    private ValkeyServerProcess valkey;
    private FakeBatchApi api;
    private BatchTarget target;

    @BeforeEach
    void start() {
        valkey = ValkeyServerProcess.startOrSkip();
        api = FakeBatchApi.start();
        target = new BatchTarget(api.baseUrl(), "gpt-4o");
    }

    @AfterEach
    void stop() {
        api.close();
        valkey.close();
    }

    private BatchQueue queue(StateStore store, BatchSettings settings) {
        return BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))),
                settings);
    }

    @Test
    void requestsQueuedAtShutdownAreSentRecordedAndPolledByTheNextStart() throws Exception {
        api.hold(true);
        StateStore firstStore = ValkeyCrashTest.store(valkey);
        BatchQueue first = queue(firstStore, BatchQueueTest.fast().toBuilder().flushAfter(Duration.ofHours(1)).build());
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> caller = callers.submit(() -> first.submit(target, ask("at shutdown"), BatchQueueTest.LONG));
            Await.until("queued", () -> first.status().queued() == 1);
            first.close();
            assertInstanceOf(PendingException.class, assertThrows(Exception.class, caller::get).getCause());
        }
        firstStore.close();
        assertEquals(1, api.created().size(), "sent at shutdown");

        StateStore secondStore = ValkeyCrashTest.store(valkey);
        try (BatchQueue second = queue(secondStore, BatchQueueTest.fast())) {
            Await.until("polled by the next start", () -> !second.status().batches().isEmpty());
            api.hold(false);
            assertEquals("echo:gpt-4o:at shutdown",
                    text(second.submit(target, ask("at shutdown"), BatchQueueTest.LONG)));
        } finally {
            secondStore.close();
        }
        assertEquals(1, api.created().size());
    }

    @Test
    void twoInstancesDrivingOneJobBothAnswerWithTheSameOutcome() throws Exception {
        api.hold(true);
        StateStore oneStore = ValkeyCrashTest.store(valkey);
        StateStore otherStore = ValkeyCrashTest.store(valkey);
        try (BatchQueue one = queue(oneStore, BatchQueueTest.fast());
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> text(one.submit(target, ask("shared"), BatchQueueTest.LONG)));
            // the other instance starts once the job's batch is recorded: a job still being created is left to
            // its creator for a while, so that two instances never create it twice
            Await.until("created and recorded", () -> one.status().batches().stream()
                    .anyMatch(batch -> !batch.id().startsWith("ogem-job-")));
            try (BatchQueue other = queue(otherStore, BatchQueueTest.fast())) {
                Await.until("the other instance resumed it", () -> !other.status().batches().isEmpty());
                Future<String> second = callers.submit(() -> text(other.submit(target, ask("shared"),
                        BatchQueueTest.LONG)));
                api.hold(false);
                assertEquals("echo:gpt-4o:shared", first.get());
                assertEquals("echo:gpt-4o:shared", second.get());
                Await.until("both done", () -> one.status().batches().isEmpty() && other.status().batches().isEmpty());
                assertTrue(one.status().failed() + other.status().failed() == 0);
            }
        } finally {
            oneStore.close();
            otherStore.close();
        }
        assertEquals(1, api.created().size());
        StateStore thirdStore = ValkeyCrashTest.store(valkey);
        try (BatchQueue third = queue(thirdStore, BatchQueueTest.fast())) {
            assertTrue(third.status().batches().isEmpty(), "collected once and for all");
            assertEquals("echo:gpt-4o:shared", text(third.submit(target, ask("shared"), Duration.ofMillis(1))));
        } finally {
            thirdStore.close();
        }
    }

    @Test
    void whileValkeyIsOutASubmissionFailsRetryablyAndNothingIsSent() {
        StateStore store = ValkeyCrashTest.store(valkey);
        try (BatchQueue queue = queue(store, BatchQueueTest.fast())) {
            valkey.stop();
            ProviderException unavailable = assertThrows(ProviderException.class,
                    () -> queue.submit(target, ask("unrecordable"), BatchQueueTest.LONG));
            assertTrue(unavailable.retryable());
            assertEquals(503, unavailable.status());
            assertEquals("batch_state_unavailable", unavailable.code().orElseThrow());
            assertEquals(List.of(), api.calls(), "nothing uploaded, nothing created, nothing billed");
        } finally {
            store.close();
        }
    }
}

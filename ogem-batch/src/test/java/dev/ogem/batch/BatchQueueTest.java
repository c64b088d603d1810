package dev.ogem.batch;

import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.ogem.batch.Requests.ask;
import static dev.ogem.batch.Requests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole batch path against a fake OpenAI Files + Batches server on loopback, in memory mode. */
class BatchQueueTest {
    static final Duration LONG = Duration.ofSeconds(20);

    private FakeBatchApi api;
    private StateStore store;
    private BatchQueue queue;
    private BatchTarget target;

    @BeforeEach
    void start() {
        api = FakeBatchApi.start();
        store = StateStore.inMemory(InstantSource.system());
        target = new BatchTarget(api.baseUrl(), "gpt-4o");
        queue = create(fast());
    }

    private BatchQueue create(BatchSettings settings) {
        return BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))), settings);
    }

    @AfterEach
    void stop() {
        queue.close();
        store.close();
        api.close();
    }

    static BatchSettings fast() {
        return BatchSettings.builder().flushAfter(Duration.ofMillis(100))
                .pollFirst(Duration.ofMillis(20)).pollMax(Duration.ofMillis(80)).build();
    }

    @Test
    void concurrentCallersWithDuplicatesEachGetTheirOwnAnswer() throws Exception {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            prompts.add("question " + (i % 7));
        }
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = prompts.stream()
                    .map(p -> callers.submit(() -> text(queue.submit(target, ask(p), LONG))))
                    .toList();
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals("echo:gpt-4o:" + prompts.get(i), answers.get(i).get());
            }
        }
        assertEquals(1, api.created().size(), "one batch for one flush window");
        assertEquals(7, api.created().getFirst().lines().size(), "duplicates share one line");
        assertTrue(api.created().getFirst().polls().get() >= 3, "polled through the progression");
        assertEquals(List.of(), api.violations());
        assertTrue(api.calls().stream().allMatch(c -> c.path().startsWith("/v1/") && !c.path().startsWith("/v1/v1")));
        assertTrue(api.calls().stream().allMatch(c -> c.authorization().equals("Bearer sk-test")));
        BatchStatus status = queue.status();
        assertEquals(1, status.submitted());
        assertEquals(1, status.completed());
    }

    @Test
    void aLineErrorIsOnlyThatCallersError() throws Exception {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> good = callers.submit(() -> text(queue.submit(target, ask("fine"), LONG)));
            Future<?> rejected = callers.submit(() -> queue.submit(target, ask("please reject"), LONG));
            Future<?> broken = callers.submit(() -> queue.submit(target, ask("broken line"), LONG));
            assertEquals("echo:gpt-4o:fine", good.get());
            ProviderException reject = cause(rejected, ProviderException.class);
            assertEquals(400, reject.status());
            assertEquals("invalid_value", reject.code().orElseThrow());
            ProviderException boom = cause(broken, ProviderException.class);
            assertEquals("server_error", boom.code().orElseThrow());
        }
        assertEquals(1, api.created().size());
        // a failed line is not kept: the resend starts a new batch
        assertThrows(ProviderException.class, () -> queue.submit(target, ask("please reject"), LONG));
        assertEquals(2, api.created().size());
    }

    @Test
    void anExpiredBatchEndsEveryCallerAndIsNotKept() {
        api.ending(FakeBatchApi.Ending.EXPIRED);
        ProviderException expired = assertThrows(ProviderException.class,
                () -> queue.submit(target, ask("slow"), LONG));
        assertEquals("batch_expired", expired.code().orElseThrow());
        assertTrue(expired.getMessage().contains("expired"));
        api.ending(FakeBatchApi.Ending.COMPLETED);
        assertEquals("echo:gpt-4o:slow", text(queue.submit(target, ask("slow"), LONG)));
        assertEquals(2, api.created().size());
        assertEquals(1, queue.status().failed());
    }

    @Test
    void aFailedBatchNamesItsError() {
        api.ending(FakeBatchApi.Ending.FAILED);
        ProviderException failed = assertThrows(ProviderException.class,
                () -> queue.submit(target, ask("x"), LONG));
        assertEquals("batch_failed", failed.code().orElseThrow());
        assertTrue(failed.getMessage().contains("invalid_json_line"));
    }

    @Test
    void aFailedUploadEndsTheCallersAndTheResendStartsOver() {
        api.uploadStatus(500);
        ProviderException upload = assertThrows(ProviderException.class,
                () -> queue.submit(target, ask("x"), LONG));
        assertTrue(upload.retryable());
        assertTrue(upload.getMessage().startsWith("Uploading the batch input file failed"));
        assertEquals(0, api.created().size());
        api.uploadStatus(200);
        assertEquals("echo:gpt-4o:x", text(queue.submit(target, ask("x"), LONG)));
    }

    @Test
    void aCallerThatTimesOutGetsBatchPendingAndItsResendTheAnswer() {
        api.hold(true);
        PendingException pending = assertThrows(PendingException.class,
                () -> queue.submit(target, ask("patience"), Duration.ofMillis(400)));
        assertEquals("batch_pending", pending.code().orElseThrow());
        assertEquals(504, pending.status());
        String batchId = api.created().getFirst().id();
        assertTrue(pending.getMessage().contains(batchId), pending.getMessage());
        assertEquals(1, queue.status().batches().size());
        assertEquals("in_progress", queue.status().batches().getFirst().state());
        api.hold(false);
        assertEquals("echo:gpt-4o:patience", text(queue.submit(target, ask("patience"), LONG)));
        // done: a resend is answered at once from the store, without a new batch
        assertEquals("echo:gpt-4o:patience", text(queue.submit(target, ask("patience"), Duration.ofMillis(1))));
        assertEquals(1, api.created().size());
    }

    @Test
    void aTargetOutsideTheQueuesApisIsRefused() {
        BatchTarget elsewhere = new BatchTarget(URI.create("http://127.0.0.1:9/v1"), "gpt-4o");
        assertThrows(IllegalArgumentException.class, () -> queue.submit(elsewhere, ask("x"), LONG));
        assertEquals(List.of(), api.calls());
    }

    @Test
    void aQueueFlushesAtMaxRequestsWithoutWaiting() throws Exception {
        queue.close();
        queue = create(fast().toBuilder().flushAfter(Duration.ofHours(1)).maxRequests(3).build());
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String prompt = "n" + i;
                answers.add(callers.submit(() -> text(queue.submit(target, ask(prompt), LONG))));
            }
            for (int i = 0; i < 6; i++) {
                assertEquals("echo:gpt-4o:n" + i, answers.get(i).get());
            }
        }
        assertEquals(2, api.created().size());
        assertTrue(api.created().stream().allMatch(b -> b.lines().size() == 3));
    }

    @Test
    void aQueueFlushesBeforeTheFileWouldPassMaxBytes() throws Exception {
        queue.close();
        queue = create(fast().toBuilder().flushAfter(Duration.ofHours(1)).maxBytes(2048).build());
        String padding = "x".repeat(700);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String prompt = i + padding;
                answers.add(callers.submit(() -> text(queue.submit(target, ask(prompt), Duration.ofMillis(800)))));
                Thread.sleep(50);
            }
            // the third would pass 2048 bytes: the first two are flushed without it; it waits for its window
            assertEquals("echo:gpt-4o:0" + padding, answers.get(0).get());
            assertEquals("echo:gpt-4o:1" + padding, answers.get(1).get());
            assertEquals(PendingException.class, assertThrows(Exception.class, () -> answers.get(2).get()).getCause().getClass());
        }
        assertEquals(1, api.created().size());
        assertEquals(2, api.created().getFirst().lines().size());
        assertEquals(1, queue.status().queued());
    }

    @Test
    void steadyTrafficNeverPostponesTheFlush() throws Exception {
        queue.close();
        queue = create(fast().toBuilder().flushAfter(Duration.ofMillis(200)).build());
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String prompt = "steady " + i;
                answers.add(callers.submit(() -> text(queue.submit(target, ask(prompt), LONG))));
                Thread.sleep(50);
            }
            for (Future<String> answer : answers) {
                assertTrue(answer.get().startsWith("echo:gpt-4o:steady "));
            }
        }
        assertTrue(api.created().size() >= 3, "a batch every ~200 ms during 1 s of traffic, got " + api.created().size());
    }

    private static <T extends Throwable> T cause(Future<?> future, Class<T> type) {
        Exception e = assertThrows(Exception.class, future::get);
        return type.cast(assertThrows(type, () -> {
            throw e.getCause();
        }));
    }
}

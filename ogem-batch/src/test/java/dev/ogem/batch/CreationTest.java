package dev.ogem.batch;

import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static dev.ogem.batch.Requests.ask;
import static dev.ogem.batch.Requests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch is created once: a creation whose answer is lost is looked up in the upstream's list by the
 * job id ogem puts in its metadata, and only a batch not found is created again.
 */
class CreationTest {
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

    private long calls(String method, String path) {
        return api.calls().stream().filter(c -> c.method().equals(method) && c.path().equals(path)).count();
    }

    @Test
    void aCreationWhoseAnswerWasLostIsFoundUpstreamAndNotCreatedTwice() {
        api.failCreates(1, 500, true);
        assertEquals("echo:gpt-4o:once", text(queue.submit(target, ask("once"), BatchQueueTest.LONG)));
        assertEquals(1, api.created().size(), "found by its metadata, not created again");
        assertTrue(api.created().getFirst().metadata().get("ogem_job").startsWith("ogem-job-"),
                api.created().getFirst().metadata().toString());
        assertEquals(1, calls("POST", "/v1/batches"));
        assertTrue(calls("GET", "/v1/batches") >= 1, "the list was searched");
        assertEquals(1, calls("POST", "/v1/files"), "the input file was uploaded once");
        assertEquals(List.of(), api.violations());
    }

    @Test
    void aCreationThatFailedUpstreamIsLookedUpThenMadeOnceOverTheSameFile() {
        api.failCreates(2, 502, false);
        assertEquals("echo:gpt-4o:again", text(queue.submit(target, ask("again"), BatchQueueTest.LONG)));
        assertEquals(1, api.created().size());
        assertEquals(3, calls("POST", "/v1/batches"), "two failures, then the batch");
        assertEquals(1, calls("POST", "/v1/files"));
        assertEquals(1, queue.status().submitted());
    }

    @Test
    void aRefusedCreationMadeNothingEndsTheCallersAndTheResendStartsOver() {
        api.failCreates(1, 400, false);
        ProviderException refused = assertThrows(ProviderException.class,
                () -> queue.submit(target, ask("refused"), BatchQueueTest.LONG));
        assertEquals(400, refused.status());
        assertEquals(0, calls("GET", "/v1/batches"), "a 400 created nothing: no need to look");
        assertEquals("echo:gpt-4o:refused", text(queue.submit(target, ask("refused"), BatchQueueTest.LONG)));
        assertEquals(1, api.created().size());
        assertEquals(2, calls("POST", "/v1/files"), "the resend started over");
    }
}

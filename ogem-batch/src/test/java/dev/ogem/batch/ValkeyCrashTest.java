package dev.ogem.batch;

import dev.ogem.api.PendingException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static dev.ogem.batch.Requests.ask;
import static dev.ogem.batch.Requests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An instance that stops between recording a job and learning its batch id leaves an intent in Valkey;
 * the next start finds the batch upstream by the job id in its metadata, or creates it over the same file.
 */
class ValkeyCrashTest {
    private static ValkeyServerProcess valkey;
    private FakeBatchApi api;
    private BatchTarget target;

    @BeforeAll
    static void startValkey() {
        valkey = ValkeyServerProcess.startOrSkip();
    }

    @AfterAll
    static void stopValkey() {
        if (valkey != null) {
            valkey.close();
        }
    }

    @BeforeEach
    void start() {
        api = FakeBatchApi.start();
        target = new BatchTarget(api.baseUrl(), "gpt-4o");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static StateStore store(ValkeyServerProcess valkey) {
        return StateStore.valkey(ValkeySettings.builder().endpoint(valkey.endpoint()).timeout(Duration.ofSeconds(5))
                .build(), InstantSource.system());
    }

    private BatchQueue queue(StateStore store) {
        return BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))),
                BatchQueueTest.fast());
    }

    private long calls(String method, String path) {
        return api.calls().stream().filter(c -> c.method().equals(method) && c.path().equals(path)).count();
    }

    @Test
    void aBatchCreatedButNeverRecordedIsFoundByTheNextStart() {
        api.failCreates(1, 500, true); // created upstream, the answer lost
        api.listStatus(503);           // and the look-up fails until the instance is gone
        StateStore firstStore = store(valkey);
        BatchQueue first = queue(firstStore);
        assertThrows(PendingException.class, () -> first.submit(target, ask("lost answer"), Duration.ofSeconds(1)));
        Await.until("the look-up was tried", () -> calls("GET", "/v1/batches") >= 1);
        assertEquals(1, api.created().size());
        first.close();
        firstStore.close();

        api.listStatus(200);
        StateStore secondStore = store(valkey);
        try (BatchQueue second = queue(secondStore)) {
            assertEquals("echo:gpt-4o:lost answer",
                    text(second.submit(target, ask("lost answer"), BatchQueueTest.LONG)));
        } finally {
            secondStore.close();
        }
        assertEquals(1, api.created().size(), "adopted, not created again");
        assertEquals(1, calls("POST", "/v1/batches"));
    }

    @Test
    void aBatchNeverCreatedIsCreatedByTheNextStartOverTheUploadedFile() {
        api.failCreates(Integer.MAX_VALUE, 502, false);
        StateStore firstStore = store(valkey);
        BatchQueue first = queue(firstStore);
        assertThrows(PendingException.class, () -> first.submit(target, ask("never made"), Duration.ofSeconds(1)));
        Await.until("creation retried", () -> calls("POST", "/v1/batches") >= 2);
        first.close();
        firstStore.close();
        assertEquals(0, api.created().size());

        api.failCreates(0, 500, false);
        StateStore secondStore = store(valkey);
        try (BatchQueue second = queue(secondStore)) {
            Await.until("created by the next start", () -> api.created().size() == 1);
            assertEquals("echo:gpt-4o:never made",
                    text(second.submit(target, ask("never made"), BatchQueueTest.LONG)));
        } finally {
            secondStore.close();
        }
        assertEquals(1, calls("POST", "/v1/files"), "the file uploaded before the stop was reused");
        assertEquals("file-in-1", api.created().getFirst().inputFileId());
    }
}

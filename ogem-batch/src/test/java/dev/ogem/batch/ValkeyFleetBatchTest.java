package dev.ogem.batch;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;

import static dev.ogem.batch.Requests.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instances sharing a real Valkey: while Valkey is out nothing is sent that could not be recorded. */
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

    private StateStore store() {
        return StateStore.valkey(ValkeySettings.builder().endpoint(valkey.endpoint()).timeout(Duration.ofSeconds(5))
                .build(), InstantSource.system());
    }

    private BatchQueue queue(StateStore store, BatchSettings settings) {
        return BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))),
                settings);
    }

    @Test
    void whileValkeyIsOutASubmissionFailsRetryablyAndNothingIsSent() {
        StateStore store = store();
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

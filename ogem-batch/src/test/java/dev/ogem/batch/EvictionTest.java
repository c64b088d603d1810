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

import static dev.ogem.batch.Requests.ask;
import static dev.ogem.batch.Requests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Job records are durable: a full response cache evicting everything does not drop them. */
class EvictionTest {
    private FakeBatchApi api;
    private StateStore store;

    @BeforeEach
    void start() {
        api = FakeBatchApi.start();
        store = StateStore.inMemory(InstantSource.system(), 4_096);
    }

    @AfterEach
    void stop() {
        store.close();
        api.close();
    }

    private BatchQueue queue() {
        return BatchQueue.create(store, List.of(OpenAiBatches.create(api.baseUrl(), Optional.of("sk-test"))),
                BatchQueueTest.fast());
    }

    @Test
    void aJobSurvivesACacheThatEvictedEverythingAndAnotherQueueResumesIt() {
        BatchTarget target = new BatchTarget(api.baseUrl(), "gpt-4o");
        api.hold(true);
        BatchQueue first = queue();
        assertThrows(PendingException.class, () -> first.submit(target, ask("durable"), Duration.ofMillis(500)));
        Await.until("created", () -> !api.created().isEmpty());
        Await.until("polled", () -> api.created().getFirst().polls().get() >= 1);
        for (int i = 0; i < 64; i++) { // 64 KiB of cached answers through a 4 KiB cache
            store.cache("chat:" + i, new byte[1_024], Duration.ofHours(1));
        }
        first.close();

        try (BatchQueue second = queue()) {
            Await.until("resumed from the in-flight set", () -> !second.status().batches().isEmpty());
            assertEquals(api.created().getFirst().id(), second.status().batches().getFirst().id());
            api.hold(false);
            assertEquals("echo:gpt-4o:durable", text(second.submit(target, ask("durable"), BatchQueueTest.LONG)));
        }
        assertEquals(1, api.created().size(), "the resend found its job: nothing paid twice");
    }
}

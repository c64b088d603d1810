package dev.ogem.batch;

import dev.ogem.api.PendingException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.ogem.batch.Requests.ask;
import static dev.ogem.batch.Requests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With Valkey, a restarted instance resumes polling a submitted batch, and a resend finds its job. */
class ValkeyRestartTest {
    private static ValkeyServerProcess valkey;

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

    private static StateStore store() {
        return StateStore.valkey(ValkeySettings.builder().endpoint(valkey.endpoint()).timeout(Duration.ofSeconds(5))
                .build(), InstantSource.system());
    }

    @Test
    void aRestartedInstanceResumesPollingAndAResendGetsTheAnswer() throws Exception {
        try (FakeBatchApi api = FakeBatchApi.start()) {
            BatchTarget target = new BatchTarget(api.baseUrl(), "gpt-4o");
            BatchSettings settings = BatchQueueTest.fast();
            // each instance has its own Batch API client, as a restarted process would
            Supplier<List<OpenAiBatches>> apis = () -> List.of(OpenAiBatches.create(api.baseUrl(),
                    Optional.of("sk-test")));
            api.hold(true);

            StateStore firstStore = store();
            BatchQueue first = BatchQueue.create(firstStore, apis.get(), settings);
            assertThrows(PendingException.class,
                    () -> first.submit(target, ask("survive a restart"), Duration.ofMillis(300)));
            FakeBatchApi.Batch batch = awaitCreated(api);
            awaitPolls(batch, 1);
            PendingException pending = assertThrows(PendingException.class,
                    () -> first.submit(target, ask("survive a restart"), Duration.ofMillis(100)));
            assertEquals("batch_pending", pending.code().orElseThrow());
            assertTrue(pending.getMessage().contains(batch.id()), pending.getMessage());
            first.close();
            firstStore.close();
            int pollsBefore = batch.polls().get();

            StateStore secondStore = store();
            try (BatchQueue second = BatchQueue.create(secondStore, apis.get(), settings)) {
                awaitPolls(batch, pollsBefore + 2);
                assertEquals(batch.id(), second.status().batches().getFirst().id(), "resumed without any request");
                assertTrue(api.calls().stream().filter(c -> c.path().equals("/v1/batches/" + batch.id()))
                        .allMatch(c -> c.authorization().equals("Bearer sk-test")),
                        "the key came from the API of the stored base URL");
                api.hold(false);
                assertEquals("echo:gpt-4o:survive a restart",
                        text(second.submit(target, ask("survive a restart"), BatchQueueTest.LONG)));
                assertEquals(1, api.created().size(), "the resend reattached to the same batch");
            } finally {
                secondStore.close();
            }

            // a third instance that never saw the job answers the resend from the store at once
            StateStore thirdStore = store();
            try (BatchQueue third = BatchQueue.create(thirdStore, apis.get(), settings)) {
                assertTrue(third.status().batches().isEmpty(), "a completed batch is not resumed");
                assertEquals("echo:gpt-4o:survive a restart",
                        text(third.submit(target, ask("survive a restart"), Duration.ofMillis(1))));
            } finally {
                thirdStore.close();
            }
            assertEquals(1, api.created().size());
        }
    }

    private static FakeBatchApi.Batch awaitCreated(FakeBatchApi api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.created().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no batch was created");
            Thread.sleep(10);
        }
        return api.created().getFirst();
    }

    private static void awaitPolls(FakeBatchApi.Batch batch, int polls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (batch.polls().get() < polls) {
            assertTrue(System.nanoTime() < deadline, "the batch was not polled again after the restart");
            Thread.sleep(10);
        }
    }
}

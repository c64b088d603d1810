package dev.ogem.quota.valkey;

import dev.ogem.quota.Records;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StateUnavailableException;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records in a real Valkey: one key per record under {@code ogem:rec:} with its time to live, a set under
 * {@code ogem:set:} without one; and no local fallback while Valkey is out.
 */
class ValkeyRecordsTest {
    private ValkeyServerProcess server;
    private StateStore store;

    @BeforeEach
    void start() {
        server = ValkeyServerProcess.startOrSkip();
        store = StateStore.valkey(ValkeySettings.builder().endpoint(server.endpoint()).timeout(Duration.ofSeconds(5))
                .build(), InstantSource.system());
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    @Test
    void eachRecordIsOneKeyWithItsTtlAndASetHasNone() {
        String id = "job-" + UUID.randomUUID();
        store.records().put("batch-job", id, new byte[] {1}, Duration.ofHours(2));
        store.records().putAll("batch-req", Map.of("r1", new byte[] {2}), Duration.ofMinutes(5));
        store.records().addMember("batch-inflight", id);
        RedisClient client = RedisClient.create("redis://" + server.endpoint());
        try (StatefulRedisConnection<String, String> raw = client.connect(StringCodec.UTF8)) {
            RedisCommands<String, String> valkey = raw.sync();
            long ttl = valkey.pttl("ogem:rec:batch-job:" + id);
            assertTrue(ttl > Duration.ofHours(2).minusMinutes(1).toMillis() && ttl <= Duration.ofHours(2).toMillis(),
                    "ttl " + ttl);
            assertTrue(valkey.pttl("ogem:rec:batch-req:r1") > 0);
            assertEquals(Set.of(id), valkey.smembers("ogem:set:batch-inflight"));
            assertEquals(-1, valkey.pttl("ogem:set:batch-inflight"), "a set never expires");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void whileValkeyIsOutEveryCallFailsInsteadOfKeepingRecordsLocally() throws Exception {
        Records records = store.records();
        records.put("batch-job", "kept", new byte[] {7}, Duration.ofHours(1));
        server.stop();
        assertThrows(StateUnavailableException.class,
                () -> records.put("batch-job", "lost", new byte[] {1}, Duration.ofHours(1)));
        assertTrue(store.status().degraded(), "the failure marks the outage like any store call");
        assertThrows(StateUnavailableException.class, () -> records.get("batch-job", "kept"));
        assertThrows(StateUnavailableException.class, () -> records.addMember("batch-inflight", "x"));
        assertThrows(StateUnavailableException.class, () -> records.members("batch-inflight"));
        assertThrows(StateUnavailableException.class,
                () -> records.putIfAbsent("batch-claim", "x", new byte[] {1}, Duration.ofHours(1)));

        server = server.restart(); // empty: what was written before the outage is gone with the old process
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                records.put("batch-job", "after", new byte[] {3}, Duration.ofHours(1));
                break;
            } catch (StateUnavailableException e) {
                assertTrue(System.nanoTime() < deadline, "Valkey did not come back");
                Thread.sleep(100);
            }
        }
        assertArrayEquals(new byte[] {3}, records.get("batch-job", "after").orElseThrow());
        assertEquals(Optional.empty(), records.get("batch-job", "lost"),
                "nothing written during the outage shows up afterwards");
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.testing.FakeClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The contract against a real Valkey, the scripts deciding on the test's fake clock. */
class ValkeyContractTest extends ValkeyStoreContract {
    private static ValkeyServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ValkeyServerProcess.startOrSkip();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected StateStore open(FakeClock clock) {
        // a generous timeout: these tests check behaviour, not speed, and must not flake on a busy machine
        ValkeySettings settings = ValkeySettings.builder().endpoint(server.endpoint()).timeout(Duration.ofSeconds(5))
                .build();
        return ValkeyStateStore.openWithCallerClock(settings, clock);
    }

    /**
     * One admission call drops at most a thousand of the entries that left the window, so a lull behind heavy
     * traffic does not keep Valkey busy in one call; the next calls drop the rest.
     */
    @Test
    void aCallDropsABoundedPartOfALongBacklog() {
        Bucket bucket = freshBucket();
        Limits bulk = new Limits(1_000_000, 0);
        for (int i = 0; i < 2_500; i++) {
            store.reserve(bucket, bulk, 1);
        }
        clock.advance(Duration.ofSeconds(61));
        RedisClient client = RedisClient.create("redis://" + server.endpoint());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            store.reserve(bucket, bulk, 1);
            assertEquals(2_500 - 1_000 + 1, connection.sync().zcard(Keys.rateLog(bucket)));
            store.reserve(bucket, bulk, 1);
            store.reserve(bucket, bulk, 1);
            assertEquals(3, connection.sync().zcard(Keys.rateLog(bucket)), "the backlog is gone after three calls");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    protected String mode() {
        return "valkey";
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.WindowUsage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet proof on one Valkey server. */
class ValkeyFleetTest extends FleetContract {
    private static ValkeyServerProcess server;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void startServer() {
        server = ValkeyServerProcess.startOrSkip();
        rawClient = RedisClient.create("redis://" + server.endpoint());
        raw = rawClient.connect();
    }

    @AfterAll
    static void stopServer() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (server != null) {
            server.close();
        }
    }

    /** Settlements ride with admissions: a busy bucket costs one script call per request, not two. */
    @Test
    void aBusyBucketCostsOneScriptCallPerRequest() {
        StateStore store = StateStore.valkey(settings(), InstantSource.system());
        try {
            Bucket bucket = new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
            Limits limits = new Limits(1_000, 1_000_000);
            long before = scriptCalls();
            for (int i = 0; i < 50; i++) {
                Admission admission = store.reserve(bucket, limits, 100);
                store.settle(assertInstanceOf(Admission.Admitted.class, admission).reservation(), 80);
            }
            long calls = scriptCalls() - before;
            // 50 admissions, plus a settlement sent alone whenever the timer beat the next admission
            assertTrue(calls >= 50 && calls < 75, () -> calls + " script calls for 50 requests");
            assertEquals(new WindowUsage(50, 50 * 80), store.used(bucket));
        } finally {
            store.close();
        }
    }

    private static long scriptCalls() {
        String stats = raw.sync().info("commandstats");
        long calls = 0;
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                calls += Long.parseLong(line.replaceAll("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
            }
        }
        return calls;
    }

    @Override
    protected ValkeySettings settings() {
        return ValkeySettings.builder().endpoint(server.endpoint()).timeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected RedisClusterCommands<String, String> raw() {
        return raw.sync();
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.WindowUsage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Losing Valkey mid-flight degrades service instead of breaking it, and recovery needs nobody:
 * a real server is killed by its pid and a new one started on the same port.
 */
class ValkeyOutageTest {
    /** Bound for one operation while Valkey is out: the command timeout plus slack. */
    private static final Duration FAST = Duration.ofMillis(1_000);

    private ValkeyServerProcess server;
    private StateStore store;

    @AfterEach
    void cleanUp() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Runs one operation and checks it came back quickly. */
    private static <T> T fast(Supplier<T> operation) {
        long start = System.nanoTime();
        T result = operation.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(FAST) < 0, () -> "operation took " + took + " during the outage");
        return result;
    }

    private boolean healthyAfterACall() {
        store.cooldownRemaining("probe");
        return !store.status().degraded();
    }

    @Test
    void killedServerDegradesThenRecoversByItself() throws InterruptedException {
        server = ValkeyServerProcess.startOrSkip();
        ValkeySettings settings = ValkeySettings.of(server.endpoint()); // default 250 ms timeout
        store = StateStore.valkey(settings, InstantSource.system());
        await("store healthy at start", Duration.ofSeconds(10), this::healthyAfterACall);
        Bucket shared = new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
        assertInstanceOf(Admission.Admitted.class, store.reserve(shared, new Limits(1_000, 0), 1));

        server.stop();

        long start = System.nanoTime();
        Bucket local = new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
        Limits three = new Limits(3, 0);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Admission.Admitted.class, fast(() -> store.reserve(local, three, 1)));
        }
        // fail open, but with local limits
        assertInstanceOf(Admission.Refused.class, fast(() -> store.reserve(local, three, 1)));
        assertEquals(new WindowUsage(3, 3), fast(() -> store.used(local)), "the local window while out");
        for (int i = 0; i < 50; i++) {
            fast(() -> store.reserve(shared, new Limits(1_000, 0), 1));
            fast(() -> store.cached("k"));
            fast(() -> store.cooldownRemaining("openai/openai"));
        }
        fast(() -> {
            store.cache("during-outage", new byte[] {1}, Duration.ofMinutes(1));
            return store.cached("during-outage").orElseThrow();
        });
        Duration all = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(all.compareTo(Duration.ofSeconds(3)) < 0, () -> "155 operations took " + all + " during the outage");

        StoreStatus down = store.status();
        assertTrue(down.degraded());
        assertEquals("valkey", down.mode());
        assertTrue(down.reason().contains(server.endpoint()), down.reason());
        assertTrue(down.fallbacks() >= 150, () -> "fallbacks " + down.fallbacks());

        server = server.restart();

        await("store back on Valkey", Duration.ofSeconds(10), this::healthyAfterACall);
        String key = "after-recovery-" + UUID.randomUUID();
        store.cache(key, new byte[] {4, 2}, Duration.ofMinutes(1));
        assertFalse(store.status().degraded(), store.status().reason());
        RedisClient other = RedisClient.create("redis://" + server.endpoint());
        try (StatefulRedisConnection<String, byte[]> second =
                     other.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            assertArrayEquals(new byte[] {4, 2}, second.sync().get("ogem:cache:" + key));
        } finally {
            other.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void storeOpenedWithoutValkeyWorksLocallyAndJoinsWhenItAppears() throws InterruptedException {
        var binary = ValkeyServerProcess.findBinary();
        server = ValkeyServerProcess.startOrSkip(); // skips or fails loudly without a binary
        int port = server.port();
        server.stop();

        store = StateStore.valkey(ValkeySettings.of("127.0.0.1:" + port), InstantSource.system());
        assertTrue(store.status().degraded());
        assertInstanceOf(Admission.Admitted.class, fast(() -> store.reserve(
                new Bucket("p", "r", "k"), new Limits(1, 0), 1)));

        server = ValkeyServerProcess.start(binary.orElseThrow(), port);
        await("store joins Valkey", Duration.ofSeconds(10), this::healthyAfterACall);
    }

    @Test
    void theLocalCacheOfAnOutageKeepsToItsBound() {
        String nobodyListens = "127.0.0.1:" + ValkeyServerProcess.freePort();
        byte[] answer = new byte[2_048];
        try (StateStore bounded = StateStore.valkey(ValkeySettings.of(nobodyListens), InstantSource.system(), 1_024);
             StateStore byDefault = StateStore.valkey(ValkeySettings.of(nobodyListens), InstantSource.system())) {
            assertTrue(bounded.status().degraded());
            bounded.cache("large", answer, Duration.ofMinutes(1));
            bounded.cache("small", new byte[] {7}, Duration.ofMinutes(1));
            byDefault.cache("large", answer, Duration.ofMinutes(1));

            assertTrue(bounded.cached("large").isEmpty(), "2 KiB kept under a 1 KiB bound");
            assertArrayEquals(new byte[] {7}, bounded.cached("small").orElseThrow());
            assertArrayEquals(answer, byDefault.cached("large").orElseThrow());
        }
    }

    @Test
    void aNegativeCacheBoundIsRefusedBeforeConnecting() {
        ValkeySettings settings = ValkeySettings.of("127.0.0.1:" + ValkeyServerProcess.freePort());
        assertThrows(IllegalArgumentException.class, () -> StateStore.valkey(settings, InstantSource.system(), -1));
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.WindowUsage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two stores on one real Valkey deployment are two gateway instances: they share one limit, one cache,
 * one set of cooldowns. Here the scripts decide on the server's TIME, as in production. Subclasses start
 * the deployment (a server, a cluster, a Sentinel set-up) and name it.
 */
abstract class FleetContract {
    private StateStore a;
    private StateStore b;

    /**
     * How the instances reach the deployment (with a generous timeout: these tests check behaviour).
     *
     * @return the settings
     */
    protected abstract ValkeySettings settings();

    /**
     * Commands on the deployment outside any store, to look at the keys (on a cluster: all primaries).
     *
     * @return the commands
     */
    protected abstract RedisClusterCommands<String, String> raw();

    @BeforeEach
    void openInstances() {
        a = StateStore.valkey(settings(), InstantSource.system());
        b = StateStore.valkey(settings(), InstantSource.system());
    }

    @AfterEach
    void closeInstances() {
        a.close();
        b.close();
    }

    private static Bucket freshBucket() {
        return new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
    }

    private static long admittedCount(List<StateStore> instances, Bucket bucket, Limits limits, long tokens, int attempts)
            throws Exception {
        List<Future<Admission>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < attempts; i++) {
                StateStore instance = instances.get(i % instances.size());
                results.add(pool.submit(() -> instance.reserve(bucket, limits, tokens)));
            }
        }
        long admitted = 0;
        for (Future<Admission> result : results) {
            if (result.get() instanceof Admission.Admitted) {
                admitted++;
            }
        }
        return admitted;
    }

    private void assertNoFallback() {
        for (StateStore store : List.of(a, b)) {
            assertFalse(store.status().degraded(), store.status().reason());
            assertEquals(0, store.status().fallbacks());
        }
    }

    @Test
    void everyInstanceReadsTheFleetsUsage() throws Exception {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(40, 1_000_000);
        assertEquals(40, admittedCount(List.of(a, b), bucket, limits, 10, 100));
        assertEquals(new WindowUsage(40, 400), a.used(bucket));
        assertEquals(new WindowUsage(40, 400), b.used(bucket));
        assertEquals(OptionalLong.of(0), b.used(bucket).remainingRequests(limits));
        assertNoFallback();
    }

    @Test
    void manyThreadsNeverAdmitMoreThanRpm() throws Exception {
        assertEquals(50, admittedCount(List.of(a), freshBucket(), new Limits(50, 0), 1, 200));
        assertNoFallback();
    }

    @Test
    void twoInstancesShareOneRpmAndTpm() throws Exception {
        assertEquals(30, admittedCount(List.of(a, b), freshBucket(), new Limits(30, 0), 1, 100));
        assertEquals(10, admittedCount(List.of(a, b), freshBucket(), new Limits(0, 1_000), 100, 40));
        assertNoFallback();
    }

    @Test
    void aSettlementRidesWithTheNextAdmissionIntoItsBucket() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 1_000);
        Reservation r = assertInstanceOf(Admission.Admitted.class, a.reserve(bucket, limits, 900)).reservation();
        a.settle(r, 100);
        // the next admission applies the settlement before it decides: 100 + 900 fit, 900 + 900 would not
        assertInstanceOf(Admission.Admitted.class, a.reserve(bucket, limits, 900));
        assertEquals(new WindowUsage(2, 1_000), b.used(bucket));
        assertNoFallback();
    }

    @Test
    void settleThroughOneInstanceFreesTokensForTheOther() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 1_000);
        Reservation r = assertInstanceOf(Admission.Admitted.class, a.reserve(bucket, limits, 1_000)).reservation();
        Duration wait = assertInstanceOf(Admission.Refused.class, b.reserve(bucket, limits, 1)).retryAfter();
        assertTrue(wait.compareTo(Duration.ofSeconds(59)) > 0 && wait.compareTo(Duration.ofSeconds(60)) <= 0, wait::toString);
        a.settle(r, 100);
        // a settlement is sent without waiting for its answer: the other instance sees it a round trip later
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (b.used(bucket).tokens() != 100 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(100, b.used(bucket).tokens());
        assertInstanceOf(Admission.Admitted.class, b.reserve(bucket, limits, 900));
        assertInstanceOf(Admission.Refused.class, a.reserve(bucket, limits, 1));
        assertNoFallback();
    }

    @Test
    void cacheAndCooldownsAreShared() {
        String key = "chat:" + UUID.randomUUID();
        a.cache(key, "answer".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));
        assertArrayEquals("answer".getBytes(StandardCharsets.UTF_8), b.cached(key).orElseThrow());

        String endpoint = "openai/openai/" + UUID.randomUUID();
        a.coolDown(endpoint, Duration.ofSeconds(10));
        b.coolDown(endpoint, Duration.ofSeconds(3));
        Duration left = b.cooldownRemaining(endpoint).orElseThrow();
        assertTrue(left.compareTo(Duration.ofSeconds(9)) > 0 && left.compareTo(Duration.ofSeconds(10)) <= 0, left::toString);
        assertNoFallback();
    }

    @Test
    void aCooldownSetThroughOneInstanceStopsTheOthersAdmissions() {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(10, 1_000);
        String circuit = "circuit:openai/" + UUID.randomUUID();
        List<String> keys = List.of("limit:" + bucket, circuit);
        assertInstanceOf(Admission.Admitted.class, b.reserve(bucket, limits, 10, keys));
        a.coolDown(circuit, Duration.ofSeconds(30));
        Admission.CoolingDown cooling = assertInstanceOf(Admission.CoolingDown.class, b.reserve(bucket, limits, 10, keys));
        assertEquals(circuit, cooling.key());
        assertTrue(cooling.remaining().compareTo(Duration.ofSeconds(29)) > 0, cooling::toString);
        assertEquals(new WindowUsage(1, 10), a.used(bucket), "the refused admission counted nothing");
        assertNoFallback();
    }

    @Test
    void cacheEntriesExpireOnTheServer() throws InterruptedException {
        String key = "chat:" + UUID.randomUUID();
        a.cache(key, new byte[] {1}, Duration.ofMillis(300));
        assertTrue(b.cached(key).isPresent());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (b.cached(key).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(b.cached(key).isEmpty(), "cache entry outlived its ttl");
    }

    @Test
    void everyKeyIsPrefixedAndExpires() {
        Bucket bucket = freshBucket();
        Reservation r = assertInstanceOf(Admission.Admitted.class, a.reserve(bucket, new Limits(5, 500), 50)).reservation();
        a.settle(r, 10);
        assertEquals(new WindowUsage(1, 10), a.used(bucket), "a read of the window sends its settlements first");
        a.coolDown("openai/openai", Duration.ofSeconds(30));
        a.cache("some-hash", new byte[] {1}, Duration.ofHours(24));
        RedisClusterCommands<String, String> commands = raw();
        List<String> keys = commands.keys("*");
        assertTrue(keys.size() >= 4, keys::toString);
        for (String key : keys) {
            assertTrue(key.startsWith("ogem:"), key);
            long ttl = commands.pttl(key);
            if (ttl == -2) {
                continue; // expired between KEYS and PTTL
            }
            assertTrue(ttl > 0, () -> key + " has no expiry: " + ttl);
            if (key.startsWith("ogem:rate:")) {
                assertTrue(ttl <= 61_000, () -> key + " ttl " + ttl);
            }
        }
        String log = "ogem:rate:{openai/openai/" + bucket.rateKey() + "}:log";
        assertEquals(1, commands.zcard(log));
        assertEquals("10", commands.hget("ogem:rate:{openai/openai/" + bucket.rateKey() + "}:tok", "_sum"));
    }

    @Test
    void scriptsAreSentAgainWhenTheServerForgotThem() {
        Bucket bucket = freshBucket();
        raw().scriptFlush();
        assertInstanceOf(Admission.Admitted.class, a.reserve(bucket, new Limits(2, 0), 1));
        raw().scriptFlush();
        assertInstanceOf(Admission.Admitted.class, b.reserve(bucket, new Limits(2, 0), 1));
        assertInstanceOf(Admission.Refused.class, a.reserve(bucket, new Limits(2, 0), 1));
        assertNoFallback();
    }
}

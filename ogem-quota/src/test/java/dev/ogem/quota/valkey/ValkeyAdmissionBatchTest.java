package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.WindowUsage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admissions into one bucket that wait together share one script call, and the call decides each of them
 * exactly as separate calls would. Valkey is paused ({@code CLIENT PAUSE}) while the admissions arrive, so
 * the first call stays in flight and the others queue behind it, whatever the machine's speed.
 */
class ValkeyAdmissionBatchTest {
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private static ValkeyServerProcess server;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;
    private StateStore store;

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

    @BeforeEach
    void openStore() {
        // commands may wait out the pause: the timeout is well above it
        store = StateStore.valkey(ValkeySettings.builder().endpoint(server.endpoint()).timeout(Duration.ofSeconds(10))
                .build(), InstantSource.system());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void admissionsThatWaitTogetherShareOneCallAndTheRpmStaysExact() throws Exception {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(60, 0);
        assertInstanceOf(Admission.Admitted.class, store.reserve(bucket, limits, 1)); // connected, scripts loaded
        long before = scriptCalls();
        List<Admission> answers = whilePaused(200, i -> store.reserve(bucket, limits, 1));
        long calls = scriptCalls() - before;
        assertEquals(59, answers.stream().filter(Admission.Admitted.class::isInstance).count());
        assertEquals(141, answers.stream().filter(Admission.Refused.class::isInstance).count());
        // one call in flight, the other 199 queued behind it: ceil(199 / 64) = 4 more calls
        assertTrue(calls <= 10, () -> calls + " script calls for 200 admissions");
        assertEquals(new WindowUsage(60, 60), store.used(bucket));
        assertFalse(store.status().degraded(), store.status().reason());
        assertEquals(0, store.status().fallbacks());
    }

    @Test
    void oneCallDecidesTokensAndCooldownsOfEachAdmissionInTurn() throws Exception {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 1_000);
        String circuit = "circuit:" + UUID.randomUUID();
        String other = "limit:" + UUID.randomUUID();
        store.coolDown(circuit, Duration.ofSeconds(30));
        assertInstanceOf(Admission.Admitted.class, store.reserve(bucket, limits, 100, List.of(other)));
        List<Admission> answers = whilePaused(30, i -> i % 3 == 0
                ? store.reserve(bucket, limits, 100, List.of(other, circuit))
                : store.reserve(bucket, limits, 100, List.of(other)));
        List<Admission> cooling = answers.stream().filter(Admission.CoolingDown.class::isInstance).toList();
        assertEquals(10, cooling.size());
        for (Admission admission : cooling) {
            Admission.CoolingDown c = (Admission.CoolingDown) admission;
            assertEquals(circuit, c.key());
            assertTrue(c.remaining().compareTo(Duration.ofSeconds(25)) > 0, c::toString);
        }
        // 100 tokens were in the window already: 9 of the other 20 fit into 1,000, the rest wait a minute
        assertEquals(9, answers.stream().filter(Admission.Admitted.class::isInstance).count());
        for (Admission admission : answers) {
            if (admission instanceof Admission.Refused refused) {
                assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(50)) > 0, refused::toString);
            }
        }
        assertEquals(new WindowUsage(10, 1_000), store.used(bucket), "cooling admissions counted nothing");
        assertEquals(0, store.status().fallbacks());
    }

    @Test
    void refusalsOfABucketOverItsTpmReadTheLogOnceACall() throws Exception {
        Bucket bucket = freshBucket();
        Limits limits = new Limits(0, 10_000);
        List<Reservation> reservations = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            reservations.add(assertInstanceOf(Admission.Admitted.class, store.reserve(bucket, limits, 10)).reservation());
        }
        reservations.forEach(r -> store.settle(r, 20)); // each answer used twice its estimate
        assertEquals(new WindowUsage(1_000, 20_000), store.used(bucket), "every settlement applied");
        long callsBefore = scriptCalls();
        long readsBefore = commandCalls("zrange");
        // each refusal needs the 501 oldest entries (10,010 tokens) to leave: three pages of the log
        List<Admission> answers = whilePaused(50, i -> store.reserve(bucket, limits, 10));
        long calls = scriptCalls() - callsBefore;
        long reads = commandCalls("zrange") - readsBefore;
        for (Admission answer : answers) {
            Admission.Refused refused = assertInstanceOf(Admission.Refused.class, answer);
            assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(50)) > 0, refused::toString);
        }
        assertTrue(calls <= 10, () -> calls + " script calls for 50 admissions");
        assertTrue(reads <= 3 * calls, () -> reads + " pages of the log read in " + calls + " calls");
    }

    /** Pauses Valkey, starts the admissions on their own threads, and collects their answers. */
    private static List<Admission> whilePaused(int count, Attempt attempt) throws Exception {
        raw.sync().clientPause(PAUSE.toMillis());
        List<Future<Admission>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(threads.submit((Callable<Admission>) () -> attempt.run(n)));
            }
        }
        List<Admission> answers = new ArrayList<>();
        for (Future<Admission> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    /** One admission of a test, numbered. */
    private interface Attempt {
        Admission run(int i);
    }

    private static Bucket freshBucket() {
        return new Bucket("openai", "openai", "batch-" + UUID.randomUUID());
    }

    private static long scriptCalls() {
        return commandCalls("evalsha") + commandCalls("eval");
    }

    /** How often Valkey ran the command so far, scripts' own commands included. */
    private static long commandCalls(String command) {
        for (String line : raw.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.replaceAll("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }
}

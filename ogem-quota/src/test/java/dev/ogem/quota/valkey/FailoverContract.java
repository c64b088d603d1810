package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary killed while two instances admit into one bucket as fast as they can: no call throws, the
 * instances limit locally while their Valkey calls fail (the documented bound: at most the limit in Valkey
 * plus the limit in each instance's local store, within any window that overlaps the outage), and once
 * the replica took over, counting is shared and exact again. Subclasses start the deployment and kill.
 */
abstract class FailoverContract {
    private static final int RPM = 20;
    private static final int INSTANCES = 2;
    private static final Duration BOUND = Duration.ofSeconds(40);

    /**
     * How the instances reach the deployment.
     *
     * @return the settings
     */
    protected abstract ValkeySettings settings();

    /**
     * Kills (SIGKILL) the primary that holds a key, and returns at once.
     *
     * @param key a key of the bucket under load
     */
    protected abstract void killPrimaryOf(String key);

    /** Waits until a replica has taken over from the killed primary. */
    protected abstract void awaitFailover();

    @Test
    void aPrimaryKilledUnderLoadDegradesToLocalLimitsAndSharingResumes() throws Exception {
        ValkeySettings settings = settings().toBuilder().timeout(Duration.ofSeconds(1)).build();
        Bucket bucket = new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
        Limits limits = new Limits(RPM, 0);
        List<String> cooldowns = List.of("limit:" + bucket, "circuit:openai/openai");
        long deadline = System.nanoTime() + BOUND.toNanos();
        try (StateStore a = StateStore.valkey(settings, InstantSource.system());
             StateStore b = StateStore.valkey(settings, InstantSource.system());
             ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            List<StateStore> fleet = List.of(a, b);
            AtomicLong admitted = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Queue<Throwable> escaped = new ConcurrentLinkedQueue<>();
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < 2 * INSTANCES; i++) {
                StateStore instance = fleet.get(i % INSTANCES);
                loops.add(load.submit(() -> {
                    while (!stop.get() && System.nanoTime() < deadline) {
                        try {
                            if (instance.reserve(bucket, limits, 1, cooldowns) instanceof Admission.Admitted) {
                                admitted.incrementAndGet();
                            }
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Throwable e) {
                            escaped.add(e);
                        }
                    }
                }));
            }
            await("the fleet filling the bucket in Valkey", deadline, () -> admitted.get() == RPM);
            for (StateStore instance : fleet) {
                assertFalse(instance.status().degraded(), instance.status().reason());
            }

            killPrimaryOf(Keys.rateLog(bucket));
            awaitFailover();
            await("both instances back on Valkey", deadline, () -> fleet.stream().noneMatch(s -> s.status().degraded()));
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get();
            }

            assertTrue(escaped.isEmpty(), () -> "calls threw: " + escaped);
            assertTrue(fleet.stream().anyMatch(s -> s.status().fallbacks() > 0), "the kill was never felt");
            long bound = (INSTANCES + 1L) * RPM;
            assertTrue(admitted.get() <= bound, () -> admitted.get() + " admitted, more than " + bound);

            Bucket after = new Bucket("openai", "openai", "gpt-4o-" + UUID.randomUUID());
            assertEquals(10, admittedCount(fleet, after, new Limits(10, 0), 40), "one shared window again");
            for (StateStore instance : fleet) {
                assertFalse(instance.status().degraded(), instance.status().reason());
            }
        }
    }

    private static long admittedCount(List<StateStore> fleet, Bucket bucket, Limits limits, int attempts) {
        long admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (fleet.get(i % fleet.size()).reserve(bucket, limits, 1) instanceof Admission.Admitted) {
                admitted++;
            }
        }
        return admitted;
    }

    private static void await(String what, long deadline, BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}

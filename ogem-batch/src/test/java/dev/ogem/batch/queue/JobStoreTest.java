package dev.ogem.batch.queue;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Records;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import dev.ogem.quota.WindowUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The in-flight set of two instances: their writes at the same instant both survive. */
class JobStoreTest {

    @Test
    void twoInstancesAddingAtTheSameInstantLoseNothing() throws Exception {
        StateStore shared = StateStore.inMemory(InstantSource.system());
        StateStore interleaved = new ReadsMeetFirst(shared);
        JobStore one = new JobStore(interleaved, Duration.ofHours(1));
        JobStore other = new JobStore(interleaved, Duration.ofHours(1));
        try (ExecutorService instances = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> adds = List.of(instances.submit(() -> one.addInflight("job-a")),
                    instances.submit(() -> other.addInflight("job-b")));
            for (Future<?> add : adds) {
                add.get();
            }
        }
        assertEquals(Set.of("job-a", "job-b"), Set.copyOf(new JobStore(shared, Duration.ofHours(1)).inflight()));
        shared.close();
    }

    /**
     * A store whose plain reads wait for each other: whatever reads a value, changes it and writes it back
     * meets the worst interleaving of two instances, each reading before the other wrote.
     */
    private static final class ReadsMeetFirst implements StateStore {
        private final StateStore delegate;
        private final CyclicBarrier reads = new CyclicBarrier(2);

        ReadsMeetFirst(StateStore delegate) {
            this.delegate = delegate;
        }

        /** Reads, then waits (up to 2 s) until the other instance has read too. */
        @Override
        public Optional<byte[]> cached(String key) {
            Optional<byte[]> value = delegate.cached(key);
            try {
                reads.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                // the other instance did not read: go on alone
            }
            return value;
        }

        @Override
        public Records records() {
            return delegate.records();
        }

        @Override
        public Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
            return delegate.reserve(bucket, limits, tokens, cooldownKeys);
        }

        @Override
        public void settle(Reservation reservation, long actualTokens) {
            delegate.settle(reservation, actualTokens);
        }

        @Override
        public WindowUsage used(Bucket bucket) {
            return delegate.used(bucket);
        }

        @Override
        public void coolDown(String key, Duration duration) {
            delegate.coolDown(key, duration);
        }

        @Override
        public Optional<Duration> cooldownRemaining(String key) {
            return delegate.cooldownRemaining(key);
        }

        @Override
        public void cache(String key, byte[] value, Duration ttl) {
            delegate.cache(key, value, ttl);
        }

        @Override
        public StoreStatus status() {
            return delegate.status();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

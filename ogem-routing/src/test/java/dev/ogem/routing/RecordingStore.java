package dev.ogem.routing;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Records;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import dev.ogem.quota.WindowUsage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** An in-memory store that records reservations and settlements. */
final class RecordingStore implements StateStore {

    final StateStore delegate;
    final List<Long> reserved = Collections.synchronizedList(new ArrayList<>());
    final List<Long> settled = Collections.synchronizedList(new ArrayList<>());

    RecordingStore(StateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
        Admission admission = delegate.reserve(bucket, limits, tokens, cooldownKeys);
        if (!(admission instanceof Admission.CoolingDown)) {
            reserved.add(tokens);
        }
        return admission;
    }

    @Override
    public void settle(Reservation reservation, long actualTokens) {
        settled.add(actualTokens);
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
    public Optional<byte[]> cached(String key) {
        return delegate.cached(key);
    }

    @Override
    public void cache(String key, byte[] value, Duration ttl) {
        delegate.cache(key, value, ttl);
    }

    @Override
    public Records records() {
        return delegate.records();
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

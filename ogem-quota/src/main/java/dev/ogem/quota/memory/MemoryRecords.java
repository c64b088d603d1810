package dev.ogem.quota.memory;

import dev.ogem.quota.Records;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Records} in this process: no size bound and no eviction, only each record's own time to live
 * on the store's clock. Expired records are dropped when read, and all of them by a sweep every
 * {@value #SWEEP_EVERY} writes, so a record nobody reads again does not stay forever.
 */
final class MemoryRecords implements Records {
    static final int SWEEP_EVERY = 1024;

    private record Entry(byte[] value, long expiresAt) {
    }

    private final InstantSource clock;
    private final Map<String, Entry> records = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> sets = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    MemoryRecords(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void put(String namespace, String id, byte[] value, Duration ttl) {
        RecordChecks.value(value, ttl);
        records.put(key(namespace, id), entry(value, ttl));
        written();
    }

    @Override
    public void putAll(String namespace, Map<String, byte[]> values, Duration ttl) {
        RecordChecks.name(namespace);
        values.forEach((id, value) -> RecordChecks.value(value, ttl));
        values.forEach((id, value) -> put(namespace, id, value, ttl));
    }

    @Override
    public boolean putIfAbsent(String namespace, String id, byte[] value, Duration ttl) {
        RecordChecks.value(value, ttl);
        Entry fresh = entry(value, ttl);
        long now = clock.millis();
        boolean[] wrote = {false};
        records.compute(key(namespace, id), (k, old) -> {
            if (old != null && old.expiresAt() > now) {
                return old;
            }
            wrote[0] = true;
            return fresh;
        });
        written();
        return wrote[0];
    }

    @Override
    public Optional<byte[]> get(String namespace, String id) {
        String key = key(namespace, id);
        Entry entry = records.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAt() <= clock.millis()) {
            records.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value().clone());
    }

    @Override
    public void remove(String namespace, String id) {
        records.remove(key(namespace, id));
    }

    @Override
    public void addMember(String set, String member) {
        RecordChecks.id(member);
        sets.compute(RecordChecks.name(set), (s, members) -> {
            Set<String> into = members == null ? ConcurrentHashMap.newKeySet() : members;
            into.add(member);
            return into;
        });
    }

    @Override
    public void removeMember(String set, String member) {
        RecordChecks.id(member);
        sets.computeIfPresent(RecordChecks.name(set), (s, members) -> {
            members.remove(member);
            return members.isEmpty() ? null : members;
        });
    }

    @Override
    public Set<String> members(String set) {
        return Set.copyOf(sets.getOrDefault(RecordChecks.name(set), Set.of()));
    }

    /** Records held now, expired ones not yet swept included; for tests. */
    int size() {
        return records.size();
    }

    private Entry entry(byte[] value, Duration ttl) {
        return new Entry(value.clone(), clock.millis() + ttl.toMillis());
    }

    private void written() {
        if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
            long now = clock.millis();
            records.entrySet().removeIf(e -> e.getValue().expiresAt() <= now);
        }
    }

    private static String key(String namespace, String id) {
        return RecordChecks.name(namespace) + ":" + RecordChecks.id(id);
    }
}

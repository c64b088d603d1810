package dev.ogem.quota.memory;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Records;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import dev.ogem.quota.WindowUsage;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
/**
 * The in-process {@link StateStore}: one instance's state, every decision taken from its clock.
 * Also serves as the local fallback of the Valkey store.
 */
public final class MemoryStateStore implements StateStore {
    private static final StoreStatus HEALTHY = new StoreStatus("memory", false, "", 0);
    /** Reservation ids are this and the entry's sequence number in its bucket's log. */
    private static final String ID_PREFIX = "local-";
    /** The id of every reservation in an unlimited bucket, which keeps no log. */
    private static final String UNLIMITED_ID = "unlimited";

    private final InstantSource clock;
    private final ConcurrentMap<Bucket, WindowLog> windows = new ConcurrentHashMap<>();
    private final Cooldowns cooldowns = new Cooldowns();
    private final ByteLruCache cache;
    private final MemoryRecords records;

    private MemoryStateStore(InstantSource clock, long maxCacheBytes) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = new ByteLruCache(maxCacheBytes);
        this.records = new MemoryRecords(clock);
    }

    /**
     * Creates an in-memory store.
     *
     * @param clock         source of every time decision
     * @param maxCacheBytes bound of the response cache in bytes
     * @return the store
     */
    public static MemoryStateStore create(InstantSource clock, long maxCacheBytes) {
        return new MemoryStateStore(clock, maxCacheBytes);
    }

    @Override
    public Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
        Checks.reserve(bucket, limits, tokens, cooldownKeys);
        if (limits.tpm() > 0 && tokens > limits.tpm()) {
            return new Admission.TooLarge(tokens, limits.tpm());
        }
        long now = clock.millis();
        for (String key : cooldownKeys) {
            Optional<Duration> left = cooldowns.remaining(key, now);
            if (left.isPresent()) {
                return new Admission.CoolingDown(key, left.get());
            }
        }
        if (limits.unlimited()) {
            return admitted(UNLIMITED_ID, bucket, tokens, now);
        }
        long sequence = windows.computeIfAbsent(bucket, b -> new WindowLog()).reserve(limits, tokens, now);
        return sequence > 0 ? admitted(ID_PREFIX + sequence, bucket, tokens, now)
                : new Admission.Refused(Duration.ofMillis(-sequence));
    }

    /**
     * Whether this store admitted a reservation (its ids are its own), so that a store in front of it
     * does not send this store's settlements elsewhere.
     *
     * @param reservation the reservation
     * @return {@code true} when it was admitted here
     */
    public static boolean admittedHere(Reservation reservation) {
        return reservation.id().startsWith(ID_PREFIX) || reservation.id().equals(UNLIMITED_ID);
    }

    @Override
    public void settle(Reservation reservation, long actualTokens) {
        Checks.settle(reservation, actualTokens);
        WindowLog log = windows.get(reservation.bucket());
        String id = reservation.id();
        if (log != null && id.startsWith(ID_PREFIX)) { // else admitted elsewhere (Valkey) or unlimited
            log.settle(Long.parseLong(id, ID_PREFIX.length(), id.length(), 10), actualTokens, clock.millis());
        }
    }

    @Override
    public WindowUsage used(Bucket bucket) {
        Objects.requireNonNull(bucket, "bucket");
        WindowLog log = windows.get(bucket);
        return log == null ? WindowUsage.NONE : log.used(clock.millis());
    }

    @Override
    public void coolDown(String key, Duration duration) {
        Checks.coolDown(key, duration);
        cooldowns.coolDown(key, clock.millis() + duration.toMillis());
    }

    @Override
    public Optional<Duration> cooldownRemaining(String key) {
        Objects.requireNonNull(key, "key");
        return cooldowns.remaining(key, clock.millis());
    }

    @Override
    public Optional<byte[]> cached(String key) {
        Objects.requireNonNull(key, "key");
        return cache.get(key, clock.millis());
    }

    @Override
    public void cache(String key, byte[] value, Duration ttl) {
        Checks.cache(key, value, ttl);
        cache.put(key, value, clock.millis() + ttl.toMillis());
    }

    @Override
    public Records records() {
        return records;
    }

    /**
     * Bytes the response cache holds now (keys and values).
     *
     * @return the byte count
     */
    public long cacheBytes() {
        return cache.bytes();
    }

    @Override
    public StoreStatus status() {
        return HEALTHY;
    }

    @Override
    public void close() {
        windows.clear();
    }

    private static Admission admitted(String id, Bucket bucket, long tokens, long now) {
        return new Admission.Admitted(new Reservation(id, bucket, tokens, Instant.ofEpochMilli(now)));
    }
}

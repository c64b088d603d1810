package dev.ogem.quota.memory;

import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by every store, so both modes reject the same calls the same way. */
public final class Checks {
    private Checks() {
    }

    /**
     * Checks the arguments of {@code reserve}.
     *
     * @param bucket the bucket
     * @param limits the limits
     * @param tokens the tokens
     * @param cooldownKeys the cooldown keys to check first
     */
    public static void reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(limits, "limits");
        nonNegative(tokens, "tokens");
        cooldownKeys.forEach(key -> Objects.requireNonNull(key, "cooldown key"));
    }

    /**
     * Checks the arguments of {@code settle}.
     *
     * @param reservation  the reservation
     * @param actualTokens the tokens used
     */
    public static void settle(Reservation reservation, long actualTokens) {
        Objects.requireNonNull(reservation, "reservation");
        nonNegative(actualTokens, "actualTokens");
    }

    /**
     * Checks the arguments of {@code coolDown}.
     *
     * @param key      the endpoint key
     * @param duration the duration
     */
    public static void coolDown(String key, Duration duration) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
    }

    /**
     * Checks the arguments of {@code cache}.
     *
     * @param key   the cache key
     * @param value the bytes
     * @param ttl   the time to live
     */
    public static void cache(String key, byte[] value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() <= 0) {
            throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
        }
    }

    private static void nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.WindowUsage;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The store's operations as Valkey calls, one round trip each; a settlement does not wait for its answer. Failures surface as Lettuce's
 * {@code RedisException} or {@link ValkeyUnavailableException}; deciding what to do then is the
 * caller's job.
 */
final class ValkeyOps {
    static final long WINDOW_MILLIS = StateStore.WINDOW.toMillis();
    /** Window keys outlive their newest entry by a second, then vanish with a dead instance's reservations. */
    static final long KEY_TTL_MILLIS = WINDOW_MILLIS + 1_000;

    private final ValkeyConnection connection;
    private final InstantSource scriptClock;
    private final boolean serverTime;

    /**
     * @param scriptClock the clock passed into scripts when {@code serverTime} is false (tests only)
     * @param serverTime  whether scripts read the server's TIME (production)
     */
    ValkeyOps(ValkeyConnection connection, InstantSource scriptClock, boolean serverTime) {
        this.connection = connection;
        this.scriptClock = scriptClock;
        this.serverTime = serverTime;
    }

    /** One script: the cooldown keys first, then the bucket (whose log an unlimited bucket skips). */
    Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
        String id = UUID.randomUUID().toString();
        String[] keys = new String[2 + cooldownKeys.size()];
        keys[0] = Keys.rateLog(bucket);
        keys[1] = Keys.rateTokens(bucket);
        for (int i = 0; i < cooldownKeys.size(); i++) {
            keys[2 + i] = Keys.cooldown(cooldownKeys.get(i));
        }
        List<?> reply = (List<?>) ValkeyConnection.run(connection.commands(), Script.RESERVE, ScriptOutputType.MULTI,
                keys, bytes(id), bytes(tokens), bytes(limits.rpm()), bytes(limits.tpm()),
                bytes(WINDOW_MILLIS), bytes(KEY_TTL_MILLIS), now());
        long status = (Long) reply.get(0);
        long value = (Long) reply.get(1);
        return switch ((int) status) {
            case 1 -> new Admission.Admitted(new Reservation(id, bucket, tokens, Instant.ofEpochMilli(value)));
            case 2 -> new Admission.CoolingDown(cooldownKeys.get((int) value - 1),
                    Duration.ofMillis(Math.max(1, (Long) reply.get(2))));
            default -> new Admission.Refused(Duration.ofMillis(Math.max(1, value)));
        };
    }

    /** Sent without waiting for the answer: nobody needs it, and the caller's answer need not wait. */
    CompletionStage<Object> settle(Reservation reservation, long actualTokens) {
        return ValkeyConnection.runAsync(connection.async(), Script.SETTLE, ScriptOutputType.INTEGER,
                new String[] {Keys.rateLog(reservation.bucket()), Keys.rateTokens(reservation.bucket())},
                bytes(reservation.id()), bytes(actualTokens), bytes(KEY_TTL_MILLIS));
    }

    WindowUsage used(Bucket bucket) {
        List<?> reply = (List<?>) ValkeyConnection.run(connection.commands(), Script.USAGE, ScriptOutputType.MULTI,
                new String[] {Keys.rateLog(bucket), Keys.rateTokens(bucket)}, bytes(WINDOW_MILLIS), now());
        return new WindowUsage((Long) reply.get(0), Math.max(0, (Long) reply.get(1)));
    }

    void coolDown(String key, Duration duration) {
        ValkeyConnection.run(connection.commands(), Script.COOLDOWN_SET, ScriptOutputType.INTEGER,
                new String[] {Keys.cooldown(key)}, bytes(duration.toMillis()), now());
    }

    Optional<Duration> cooldownRemaining(String key) {
        long left = (Long) ValkeyConnection.run(connection.commands(), Script.COOLDOWN_GET, ScriptOutputType.INTEGER,
                new String[] {Keys.cooldown(key)}, now());
        return left > 0 ? Optional.of(Duration.ofMillis(left)) : Optional.empty();
    }

    Optional<byte[]> cached(String key) {
        return Optional.ofNullable(connection.commands().get(Keys.cache(key)));
    }

    void cache(String key, byte[] value, Duration ttl) {
        connection.commands().set(Keys.cache(key), value.clone(), new SetArgs().px(ttl.toMillis()));
    }

    private byte[] now() {
        return serverTime ? new byte[0] : bytes(scriptClock.millis());
    }

    private static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

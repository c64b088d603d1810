package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.WindowUsage;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The store's operations as Valkey calls, one round trip each; settlements ride with admissions, or go
 * without waiting for their answer.
 * Failures surface as Lettuce's {@code RedisException} or {@link ValkeyUnavailableException}; deciding what
 * to do then is the caller's job.
 */
final class ValkeyOps {
    static final long WINDOW_MILLIS = StateStore.WINDOW.toMillis();
    /** Window keys outlive their newest entry by a second, then vanish with a dead instance's reservations. */
    static final long KEY_TTL_MILLIS = WINDOW_MILLIS + 1_000;
    /** The script's {@code now} argument that asks for the server's TIME. */
    private static final byte[] SERVER_TIME = new byte[0];
    /** The window and the key ttl as script arguments, encoded once. */
    static final byte[] WINDOW_ARG = bytes(WINDOW_MILLIS);
    static final byte[] TTL_ARG = bytes(KEY_TTL_MILLIS);

    private final ValkeyConnection connection;
    private final InstantSource scriptClock;
    private final boolean serverTime;
    private final ReservationIds ids = new ReservationIds();
    private final AdmissionBatches batches;

    /**
     * @param scriptClock the clock passed into scripts when {@code serverTime} is false (tests only)
     * @param serverTime  whether scripts read the server's TIME (production)
     * @param settlements takes a bucket's pending settlements, to ride with its next admission call
     */
    ValkeyOps(ValkeyConnection connection, InstantSource scriptClock, boolean serverTime,
              Function<Bucket, List<PendingSettlements.Settlement>> settlements) {
        this.connection = connection;
        this.scriptClock = scriptClock;
        this.serverTime = serverTime;
        this.batches = new AdmissionBatches(connection, settlements, this::now);
    }

    /**
     * One script: the cooldown keys first, then the bucket (whose log an unlimited bucket skips); admissions
     * into one bucket that wait at the same time share the call ({@link AdmissionBatches}). On a cluster,
     * cooldown keys of other slots are read by their own calls sent at the same time (so still one round
     * trip of waiting), and an admission one of them forbids is taken back.
     */
    Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
        String id = ids.next();
        String log = batches.logKey(bucket);
        List<Integer> inScript = new ArrayList<>(cooldownKeys.size());
        List<String> inScriptKeys = new ArrayList<>(cooldownKeys.size());
        List<Integer> elsewhere = new ArrayList<>();
        for (int i = 0; i < cooldownKeys.size(); i++) {
            String key = Keys.cooldown(cooldownKeys.get(i));
            if (connection.sameSlot(log, key)) {
                inScript.add(i);
                inScriptKeys.add(key);
            } else {
                elsewhere.add(i);
            }
        }
        RedisClusterAsyncCommands<String, byte[]> commands = elsewhere.isEmpty() ? null : connection.async();
        CompletableFuture<AdmissionBatches.Answer> reservation = batches.submit(bucket,
                new AdmissionBatches.Ask(id, tokens, limits, inScriptKeys, new CompletableFuture<>()));
        List<CompletionStage<Object>> checks = elsewhere.stream()
                .map(i -> ValkeyConnection.runAsync(commands, Script.COOLDOWN_GET, ScriptOutputType.INTEGER,
                        new String[] {Keys.cooldown(cooldownKeys.get(i))}, now()))
                .toList();
        AdmissionBatches.Answer reply = ValkeyConnection.await(reservation);
        long status = reply.status();
        int coolingInScript = status == 2 ? inScript.get((int) reply.first() - 1) : -1;
        for (int i = 0; i < cooldownKeys.size(); i++) {
            int check = elsewhere.indexOf(i);
            long left = i == coolingInScript ? reply.second()
                    : check >= 0 ? awaitCheck(checks.get(check), commands, bucket, id, status) : -1;
            if (left > 0) {
                if (status == 1) {
                    ValkeyConnection.await(unreserve(commands, bucket, id));
                }
                return new Admission.CoolingDown(cooldownKeys.get(i), Duration.ofMillis(Math.max(1, left)));
            }
        }
        return status == 1
                ? new Admission.Admitted(new Reservation(id, bucket, tokens, Instant.ofEpochMilli(reply.first())))
                : new Admission.Refused(Duration.ofMillis(Math.max(1, reply.first())));
    }

    /** A cooldown read of another slot; when it failed after the bucket admitted, the admission is taken back. */
    private long awaitCheck(CompletionStage<Object> check, RedisClusterAsyncCommands<String, byte[]> commands,
                            Bucket bucket, String id, long status) {
        try {
            return (Long) ValkeyConnection.await(check);
        } catch (RuntimeException e) {
            if (status == 1) {
                try {
                    unreserve(commands, bucket, id); // not awaited: the store answers from its fallback now
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed); // the entry then leaves with the window: an over-count, never an under-count
                }
            }
            throw e;
        }
    }

    private CompletionStage<Object> unreserve(RedisClusterAsyncCommands<String, byte[]> commands, Bucket bucket,
                                              String id) {
        return ValkeyConnection.runAsync(commands, Script.UNRESERVE, ScriptOutputType.INTEGER,
                new String[] {Keys.rateLog(bucket), Keys.rateTokens(bucket)}, bytes(id));
    }

    /**
     * Settlements of one bucket in one call, sent without waiting for the answer (nobody needs it);
     * usually they ride with the next admission instead (see {@link PendingSettlements}).
     */
    CompletionStage<Object> settle(Bucket bucket, List<PendingSettlements.Settlement> settlements) {
        byte[][] args = new byte[1 + 2 * settlements.size()][];
        args[0] = bytes(KEY_TTL_MILLIS);
        pairs(settlements, args, 1);
        return ValkeyConnection.runAsync(connection.async(), Script.SETTLE, ScriptOutputType.INTEGER,
                new String[] {Keys.rateLog(bucket), Keys.rateTokens(bucket)}, args);
    }

    private static void pairs(List<PendingSettlements.Settlement> settlements, byte[][] args, int from) {
        for (int i = 0; i < settlements.size(); i++) {
            args[from + 2 * i] = bytes(settlements.get(i).id());
            args[from + 2 * i + 1] = bytes(settlements.get(i).tokens());
        }
    }

    WindowUsage used(Bucket bucket) {
        List<?> reply = (List<?>) ValkeyConnection.await(ValkeyConnection.runAsync(connection.async(), Script.USAGE,
                ScriptOutputType.MULTI, new String[] {Keys.rateLog(bucket), Keys.rateTokens(bucket)},
                bytes(WINDOW_MILLIS), now()));
        return new WindowUsage((Long) reply.get(0), Math.max(0, (Long) reply.get(1)));
    }

    void coolDown(String key, Duration duration) {
        ValkeyConnection.await(ValkeyConnection.runAsync(connection.async(), Script.COOLDOWN_SET,
                ScriptOutputType.INTEGER, new String[] {Keys.cooldown(key)}, bytes(duration.toMillis()), now()));
    }

    Optional<Duration> cooldownRemaining(String key) {
        long left = (Long) ValkeyConnection.await(ValkeyConnection.runAsync(connection.async(), Script.COOLDOWN_GET,
                ScriptOutputType.INTEGER, new String[] {Keys.cooldown(key)}, now()));
        return left > 0 ? Optional.of(Duration.ofMillis(left)) : Optional.empty();
    }

    Optional<byte[]> cached(String key) {
        return Optional.ofNullable(ValkeyConnection.await(connection.async().get(Keys.cache(key))));
    }

    void cache(String key, byte[] value, Duration ttl) {
        ValkeyConnection.await(connection.async().set(Keys.cache(key), value.clone(), new SetArgs().px(ttl.toMillis())));
    }

    private byte[] now() {
        return serverTime ? SERVER_TIME : bytes(scriptClock.millis());
    }

    static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

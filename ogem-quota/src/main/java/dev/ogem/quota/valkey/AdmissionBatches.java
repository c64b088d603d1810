package dev.ogem.quota.valkey;

import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Admissions into one bucket that wait at the same time go to Valkey together. A bucket has at most one
 * admission call in flight: an admission that finds none sends its own call at once (so a quiet bucket
 * waits one round trip, as before); the admissions that arrive meanwhile queue, and when the answer comes
 * they leave in one script call ({@link #MOST} at a time), sent straight from the thread that read the
 * answer. So a busy bucket pays one command, one script run and one reply for many requests, and its
 * requests no longer hand one command each to Lettuce's event loop. The script decides them one after
 * the other, in arrival order, exactly as separate calls at that instant would: the window stays exact.
 * A call that fails fails every admission it carried (each then falls back as a failed call does).
 */
final class AdmissionBatches {
    /** The most admissions one call carries. */
    static final int MOST = 64;

    /**
     * One admission waiting for its answer.
     *
     * @param id        the reservation's id
     * @param tokens    tokens to reserve
     * @param limits    the bucket's limits
     * @param cooldowns its cooldown keys (Valkey keys, all in the bucket's slot), checked in order
     * @param answer    completed with the script's answer for it
     */
    record Ask(String id, long tokens, Limits limits, List<String> cooldowns, CompletableFuture<Answer> answer) {
    }

    /**
     * The script's answer for one admission: {@code (1, now, 0)} admitted, {@code (0, wait ms, 0)} refused,
     * {@code (2, j, left ms)} its j-th cooldown key (1-based) still cools down.
     *
     * @param status 1, 0 or 2
     * @param first  the time, the wait or the key's position
     * @param second the time left of a cooldown
     */
    record Answer(long status, long first, long second) {
    }

    private final Map<Bucket, Lane> lanes = new ConcurrentHashMap<>();
    private final ValkeyConnection connection;
    private final Function<Bucket, List<PendingSettlements.Settlement>> settlements;
    private final Supplier<byte[]> now;

    /**
     * @param settlements takes a bucket's pending settlements, to ride with its next call
     * @param now         the script's {@code now} argument ({@code ''}: the server's TIME)
     */
    AdmissionBatches(ValkeyConnection connection, Function<Bucket, List<PendingSettlements.Settlement>> settlements,
                     Supplier<byte[]> now) {
        this.connection = connection;
        this.settlements = settlements;
        this.now = now;
    }

    /** The log key of a bucket (kept with its lane, so it is escaped once). */
    String logKey(Bucket bucket) {
        return lane(bucket).log;
    }

    /**
     * Queues an admission and sends it at once when its bucket has no call in flight (connecting first
     * if need be, on the caller's thread).
     *
     * @return its answer, failed with the call's error when the call failed
     */
    CompletableFuture<Answer> submit(Bucket bucket, Ask ask) {
        Lane lane = lane(bucket);
        List<Ask> batch = lane.add(ask);
        if (!batch.isEmpty()) {
            RedisClusterAsyncCommands<String, byte[]> commands;
            try {
                commands = connection.async();
            } catch (RuntimeException e) {
                fail(batch, e);
                sendNext(lane);
                return ask.answer();
            }
            if (!send(lane, batch, commands)) {
                sendNext(lane);
            }
        }
        return ask.answer();
    }

    private Lane lane(Bucket bucket) {
        Lane lane = lanes.get(bucket);
        return lane != null ? lane : lanes.computeIfAbsent(bucket, Lane::new);
    }

    /**
     * Sends what queued while the last call was in flight; runs on the thread that completed that call
     * (Lettuce's event loop), so it never connects: without an open connection the queue fails.
     */
    private void sendNext(Lane lane) {
        for (List<Ask> batch = lane.next(); !batch.isEmpty(); batch = lane.next()) {
            Optional<RedisClusterAsyncCommands<String, byte[]>> commands = connection.openAsync();
            if (commands.isEmpty()) {
                fail(batch, new ValkeyUnavailableException("no open connection to Valkey", null));
            } else if (send(lane, batch, commands.get())) {
                return; // in flight: its answer sends the next
            }
        }
    }

    /**
     * Starts one call for a batch.
     *
     * @return whether it is in flight; when false, the batch was failed already
     */
    private boolean send(Lane lane, List<Ask> batch, RedisClusterAsyncCommands<String, byte[]> commands) {
        CompletionStage<Object> call;
        try {
            Map<String, Integer> keys = new LinkedHashMap<>();
            keys.put(lane.log, 1);
            keys.put(lane.tok, 2);
            byte[][] args = arguments(batch, settlements.apply(lane.bucket), keys);
            call = ValkeyConnection.runAsync(commands, Script.RESERVE, ScriptOutputType.MULTI,
                    keys.keySet().toArray(String[]::new), args);
        } catch (RuntimeException e) {
            fail(batch, e);
            return false;
        }
        call.whenComplete((reply, error) -> {
            try {
                sendNext(lane); // first: the next call is on its way while these answers are handed out
            } finally {
                if (error != null) {
                    fail(batch, error);
                } else {
                    answer(batch, reply);
                }
            }
        });
        return true;
    }

    /** The script's ARGV (see reserve.lua); adds each cooldown key to {@code keys} once. */
    private byte[][] arguments(List<Ask> batch, List<PendingSettlements.Settlement> settled, Map<String, Integer> keys) {
        List<byte[]> args = new ArrayList<>(4 + 2 * settled.size() + 6 * batch.size());
        args.add(ValkeyOps.WINDOW_ARG);
        args.add(ValkeyOps.TTL_ARG);
        args.add(now.get());
        args.add(ValkeyOps.bytes(settled.size()));
        for (PendingSettlements.Settlement settlement : settled) {
            args.add(ValkeyOps.bytes(settlement.id()));
            args.add(ValkeyOps.bytes(settlement.tokens()));
        }
        for (Ask ask : batch) {
            args.add(ValkeyOps.bytes(ask.id()));
            args.add(ValkeyOps.bytes(ask.tokens()));
            args.add(ValkeyOps.bytes(ask.limits().rpm()));
            args.add(ValkeyOps.bytes(ask.limits().tpm()));
            args.add(ValkeyOps.bytes(ask.cooldowns().size()));
            for (String key : ask.cooldowns()) {
                args.add(ValkeyOps.bytes(keys.computeIfAbsent(key, k -> keys.size() + 1)));
            }
        }
        return args.toArray(byte[][]::new);
    }

    private static void answer(List<Ask> batch, Object reply) {
        try {
            List<?> numbers = (List<?>) reply;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(new Answer((Long) numbers.get(3 * i), (Long) numbers.get(3 * i + 1),
                        (Long) numbers.get(3 * i + 2)));
            }
        } catch (RuntimeException e) { // not the script's answer: a server of another version, say
            fail(batch, new ValkeyUnavailableException("unexpected answer to the admission script", e));
        }
    }

    private static void fail(List<Ask> batch, Throwable error) {
        for (Ask ask : batch) {
            ask.answer().completeExceptionally(error);
        }
    }

    /** One bucket's keys and queue; {@code busy} while a call of the bucket is in flight. */
    private static final class Lane {
        final Bucket bucket;
        final String log;
        final String tok;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Ask> waiting = new ArrayDeque<>();
        private boolean busy;

        Lane(Bucket bucket) {
            this.bucket = bucket;
            this.log = Keys.rateLog(bucket);
            this.tok = Keys.rateTokens(bucket);
        }

        /** Queues an admission; returns the batch to send now when no call was in flight, else nothing. */
        List<Ask> add(Ask ask) {
            lock.lock();
            try {
                waiting.add(ask);
                if (busy) {
                    return List.of();
                }
                busy = true;
                return drain();
            } finally {
                lock.unlock();
            }
        }

        /** The next batch once a call is done; empty (and the lane idle) when nothing waits. */
        List<Ask> next() {
            lock.lock();
            try {
                List<Ask> batch = drain();
                busy = !batch.isEmpty();
                return batch;
            } finally {
                lock.unlock();
            }
        }

        private List<Ask> drain() {
            List<Ask> batch = new ArrayList<>(Math.min(waiting.size(), MOST));
            for (Ask ask; batch.size() < MOST && (ask = waiting.poll()) != null; ) {
                batch.add(ask);
            }
            return batch;
        }
    }
}

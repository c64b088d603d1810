package dev.ogem.quota.valkey;

import dev.ogem.quota.Bucket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * Settlements not sent yet, per bucket. A settlement rides with the next admission into its bucket (the
 * admission script applies it first: no command of its own), and whatever no admission picked up within
 * {@link #DELAY} is sent by a timer in one call per bucket. So a busy bucket costs one Valkey command per
 * request, and a quiet one still sees its settlements within {@link #DELAY}.
 */
final class PendingSettlements {
    /** The longest a settlement waits for an admission to ride with. */
    static final Duration DELAY = Duration.ofMillis(100);
    /** The most settlements one call carries. */
    static final int BATCH = 64;

    /** One settlement: the reservation's id and its real tokens. */
    record Settlement(String id, long tokens) {
    }

    private final Map<Bucket, Queue<Settlement>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final BiFunction<Bucket, List<Settlement>, CompletionStage<?>> send;

    /**
     * @param send sends one bucket's settlements on their own (the timer's and {@link #flush(Bucket)}'s way),
     *             without waiting: the stage completes with the answer
     */
    PendingSettlements(BiFunction<Bucket, List<Settlement>, CompletionStage<?>> send) {
        this.send = send;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ogem-valkey-settlements").factory());
    }

    /** Queues a settlement and makes sure the timer will send it if no admission takes it first. */
    void add(Bucket bucket, Settlement settlement) {
        pending.computeIfAbsent(bucket, b -> new ConcurrentLinkedQueue<>()).add(settlement);
        if (scheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(() -> {
                    flushAll();
                }, DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // closed: nothing sends it any more
            }
        }
    }

    /**
     * Takes up to {@link #BATCH} of a bucket's settlements, to ride with an admission into it.
     *
     * @return the settlements, oldest first; empty when there are none
     */
    List<Settlement> take(Bucket bucket) {
        Queue<Settlement> queue = pending.get(bucket);
        if (queue == null || queue.isEmpty()) {
            return List.of();
        }
        List<Settlement> taken = new ArrayList<>();
        for (Settlement next; taken.size() < BATCH && (next = queue.poll()) != null; ) {
            taken.add(next);
        }
        return taken;
    }

    /** Sends one bucket's settlements now (before a read of its window), without waiting for the answer. */
    void flush(Bucket bucket) {
        flush(bucket, new ArrayList<>());
    }

    private void flush(Bucket bucket, List<CompletableFuture<?>> sent) {
        for (List<Settlement> batch = take(bucket); !batch.isEmpty(); batch = take(bucket)) {
            sent.add(send.apply(bucket, batch).toCompletableFuture());
        }
    }

    /** Sends every bucket's settlements now, without waiting for the answers. */
    private List<CompletableFuture<?>> flushAll() {
        scheduled.set(false);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (Bucket bucket : pending.keySet()) { // buckets come from the config: their queues are kept
            flush(bucket, sent);
        }
        return sent;
    }

    /**
     * Stops the timer, and sends what is left and waits for the answers (each bounded by the command
     * timeout) when asked to.
     *
     * @param send whether Valkey is worth a try (not during an outage)
     */
    void close(boolean send) {
        timer.shutdownNow();
        if (send) {
            try {
                CompletableFuture.allOf(flushAll().toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                // Valkey failed: those reservations keep their reserved tokens until they leave the window
            }
        }
    }
}

package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.api.PendingException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requests this instance waits for, by request id. An entry is removed the moment its outcome
 * is in, after the outcome was stored, so a later caller finds the answer in the store instead.
 */
final class Waiters {
    private final Map<String, Pending> byId = new ConcurrentHashMap<>();

    Optional<Pending> find(String requestId) {
        return Optional.ofNullable(byId.get(requestId));
    }

    /**
     * Registers a wait, unless one exists.
     *
     * @return the fresh entry when it was registered, empty when another caller's entry exists
     */
    Optional<Pending> register(Pending fresh) {
        return byId.putIfAbsent(fresh.requestId(), fresh) == null ? Optional.of(fresh) : Optional.empty();
    }

    void assigned(String requestId, String batchId) {
        find(requestId).ifPresent(p -> p.batchId(batchId));
    }

    void finish(String requestId, Outcome outcome) {
        Pending pending = byId.remove(requestId);
        if (pending == null) {
            return;
        }
        switch (outcome) {
            case Outcome.Answered answered -> pending.result().complete(answered.response());
            case Outcome.Failed failed -> pending.result().completeExceptionally(failed.error());
        }
    }

    /** Ends every wait with {@code batch_pending}: the caller resends to another instance. */
    void releaseAll() {
        for (Pending pending : byId.values()) {
            byId.remove(pending.requestId());
            pending.result().completeExceptionally(PendingException.batch(pending.requestId(), pending.batchId()));
        }
    }

    int size() {
        return byId.size();
    }

    static ChatResponse await(Pending pending, Duration wait) {
        try {
            return pending.result().get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw PendingException.batch(pending.requestId(), pending.batchId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PendingException.batch(pending.requestId(), pending.batchId());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OgemException error) {
                throw error;
            }
            throw GatewayException.of("The batch request failed unexpectedly.", e.getCause());
        }
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.Admission;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;
import dev.ogem.quota.Records;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.WindowUsage;
import dev.ogem.quota.memory.Checks;
import dev.ogem.quota.memory.MemoryStateStore;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Valkey {@link StateStore}: every operation goes to Valkey; while Valkey is out it goes to a
 * local {@link MemoryStateStore} with the same limits (fail open with local limits), see
 * {@link StateStore} for the whole decision.
 */
public final class ValkeyStateStore implements StateStore {
    /**
     * How often opening retries a connection that timed out. A cold JVM loads Netty and Lettuce during its
     * first connection, whose handshake then may outlast the short timeout meant for requests; opening is
     * off the request path, so it retries rather than starting degraded (and counting locally) for a second.
     */
    private static final int OPENING_ATTEMPTS = 10;

    private final ValkeyConnection connection;
    private final ValkeyOps valkey;
    private final MemoryStateStore local;
    private final Outage outage;
    private final PendingSettlements settlements;
    private final ValkeyRecords records;

    private ValkeyStateStore(ValkeySettings settings, InstantSource clock, long fallbackCacheBytes, boolean serverTime,
                             LongSupplier nanos) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        this.local = MemoryStateStore.create(clock, fallbackCacheBytes); // before connecting: a bad bound throws
        this.connection = new ValkeyConnection(settings);
        this.settlements = new PendingSettlements(this::sendSettlements);
        this.valkey = new ValkeyOps(connection, clock, serverTime, settlements::take);
        this.outage = new Outage(settings.endpoint(), nanos);
        this.records = new ValkeyRecords(connection, outage, this::failed, settings.endpoint(), settings.timeout());
        connectAtOpen();
    }

    /**
     * Opens a store on Valkey whose scripts decide on the server's clock.
     *
     * @param settings           where Valkey is
     * @param clock              clock of the local fallback
     * @param fallbackCacheBytes bound of the local fallback's response cache
     * @return the store, degraded if Valkey is not reachable yet
     */
    public static ValkeyStateStore open(ValkeySettings settings, InstantSource clock, long fallbackCacheBytes) {
        return new ValkeyStateStore(settings, clock, fallbackCacheBytes, true, System::nanoTime);
    }

    /** For tests: scripts decide on {@code clock} instead of the server's TIME. */
    static ValkeyStateStore openWithCallerClock(ValkeySettings settings, InstantSource clock) {
        return new ValkeyStateStore(settings, clock, DEFAULT_CACHE_BYTES, false, System::nanoTime);
    }

    @Override
    public Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys) {
        Checks.reserve(bucket, limits, tokens, cooldownKeys);
        if (limits.tpm() > 0 && tokens > limits.tpm()) {
            return new Admission.TooLarge(tokens, limits.tpm());
        }
        if (limits.unlimited() && cooldownKeys.isEmpty()) {
            return local.reserve(bucket, limits, tokens);
        }
        return call(() -> valkey.reserve(bucket, limits, tokens, cooldownKeys),
                () -> local.reserve(bucket, limits, tokens, cooldownKeys));
    }

    /**
     * Settles in the local fallback (which ignores reservations it did not make) and queues the settlement
     * for Valkey: it rides with the next admission into its bucket, or is sent on its own within
     * {@link PendingSettlements#DELAY}. Settlements queued when Valkey fails are dropped with the call
     * that carried them: their reservations keep the reserved tokens until they leave the window.
     */
    @Override
    public void settle(Reservation reservation, long actualTokens) {
        Checks.settle(reservation, actualTokens);
        local.settle(reservation, actualTokens);
        if (MemoryStateStore.admittedHere(reservation)) {
            return; // admitted by the fallback (or an unlimited bucket's): Valkey never saw it
        }
        if (outage.down()) {
            outage.countFallback();
            return;
        }
        settlements.add(reservation.bucket(), new PendingSettlements.Settlement(reservation.id(), actualTokens));
    }

    /** Sends one bucket's settlements on their own, without waiting; failures end up in the outage state. */
    private CompletionStage<?> sendSettlements(Bucket bucket, List<PendingSettlements.Settlement> batch) {
        try {
            return valkey.settle(bucket, batch).whenComplete((settled, error) -> {
                if (error == null) {
                    outage.succeeded();
                } else {
                    failed(error instanceof RuntimeException e ? e : new ValkeyUnavailableException("settling", error));
                }
            });
        } catch (RedisException | ValkeyUnavailableException e) {
            failed(e);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public WindowUsage used(Bucket bucket) {
        Objects.requireNonNull(bucket, "bucket");
        return call(() -> {
            settlements.flush(bucket); // sent ahead on the same connection: the read sees them
            return valkey.used(bucket);
        }, () -> local.used(bucket));
    }

    @Override
    public void coolDown(String key, Duration duration) {
        Checks.coolDown(key, duration);
        if (duration.toMillis() <= 0) {
            return;
        }
        call(() -> {
            valkey.coolDown(key, duration);
            return "";
        }, () -> {
            local.coolDown(key, duration);
            return "";
        });
    }

    @Override
    public Optional<Duration> cooldownRemaining(String key) {
        Objects.requireNonNull(key, "key");
        return call(() -> valkey.cooldownRemaining(key), () -> local.cooldownRemaining(key));
    }

    @Override
    public Optional<byte[]> cached(String key) {
        Objects.requireNonNull(key, "key");
        return call(() -> valkey.cached(key), () -> local.cached(key));
    }

    @Override
    public void cache(String key, byte[] value, Duration ttl) {
        Checks.cache(key, value, ttl);
        call(() -> {
            valkey.cache(key, value, ttl);
            return "";
        }, () -> {
            local.cache(key, value, ttl);
            return "";
        });
    }

    /** Durable records have no local fallback: see {@link Records}. */
    @Override
    public Records records() {
        return records;
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus("valkey", outage.down(), outage.reason(), outage.fallbacks());
    }

    @Override
    public void close() {
        settlements.close(!outage.down());
        connection.close();
        local.close();
    }

    /**
     * Connects, retrying a connection that was accepted but not answered in time (a handshake that timed
     * out, or a channel closed by the connect timeout of a busy machine); a refused connection or an
     * unknown host (Valkey not there) starts degraded at once.
     */
    private void connectAtOpen() {
        for (int attempt = 1; ; attempt++) {
            try {
                connection.commands().ping();
                return;
            } catch (RedisException | ValkeyUnavailableException e) {
                if (attempt == OPENING_ATTEMPTS || absent(e)) {
                    failed(e);
                    return;
                }
                connection.drop();
            }
        }
    }

    private static boolean absent(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private <T> T call(Supplier<T> onValkey, Supplier<T> onLocal) {
        if (outage.tryValkey()) {
            try {
                T result = onValkey.get();
                outage.succeeded();
                return result;
            } catch (RedisException | ValkeyUnavailableException e) {
                failed(e);
            }
        }
        outage.countFallback();
        return onLocal.get();
    }

    private void failed(RuntimeException e) {
        if (!(e instanceof RedisCommandExecutionException) || movedOn(e)) {
            connection.drop(); // broken, hung or pointing at a former primary: the next probe connects afresh
        }
        outage.failed(e);
    }

    /**
     * Whether an error answer says the primary is elsewhere now (a demoted primary after a Sentinel failover,
     * a cluster that lost slots): reconnecting asks Sentinel again or reloads the cluster's topology.
     */
    private static boolean movedOn(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.startsWith("READONLY") || message.startsWith("CLUSTERDOWN") || message.startsWith("MASTERDOWN");
    }
}

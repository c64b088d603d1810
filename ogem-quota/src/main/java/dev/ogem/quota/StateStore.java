package dev.ogem.quota;

import dev.ogem.quota.memory.MemoryStateStore;
import dev.ogem.quota.valkey.LettuceRuntime;
import dev.ogem.quota.valkey.ValkeyStateStore;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * All state that ogem instances share: rpm/tpm admission per {@link Bucket}, cooldowns per endpoint
 * key, cached responses and durable {@link #records() records}.
 *
 * <h2>Admission</h2>
 * Over <em>any</em> 60-second window, the requests admitted into a bucket never exceed its
 * {@link Limits#rpm() rpm} and their tokens (as reserved, or as settled once the real usage is known)
 * never exceed its {@link Limits#tpm() tpm}. It is an exact sliding-window log: each admission is an
 * entry (time, tokens) that counts for 60 s; bursts up to the budget pass at once. A request that
 * alone needs more than the tpm is answered {@link Admission.TooLarge}; a full bucket answers
 * {@link Admission.Refused} with the time until enough entries leave the window. A reservation whose
 * call failed is {@linkplain #release(Reservation) released}: its tokens are refunded, the request
 * still counts. Buckets with {@link Limits#UNLIMITED} keep no log and settle nothing.
 *
 * <h2>Modes</h2>
 * {@link #inMemory(InstantSource)} keeps everything in this process and takes every decision from the
 * given clock. {@link #valkey(ValkeySettings, InstantSource)} keeps everything in Valkey (one server,
 * a cluster or a primary found through Sentinel): each admission (with the cooldowns it must honour)
 * is one atomic Lua script ({@code EVALSHA}, {@code EVAL} on {@code NOSCRIPT}) that reads the server's
 * {@code TIME}, so the whole fleet uses one clock; admissions into one bucket that arrive while its
 * call is in flight share the next call, which decides them one after the other exactly as separate
 * calls would (on a cluster, cooldowns kept in other slots than the
 * bucket's are read by calls sent alongside, and an admission they forbid is taken back); every key is
 * prefixed {@code ogem:}
 * and expires (window keys 61 s after their last write, cooldowns and cache entries with their own
 * time to live), so the reservations of an instance that dies leave on their own.
 *
 * <h2>When Valkey is out</h2>
 * A Valkey store fails <em>open with local limits</em>: when Valkey cannot be reached, times out
 * (commands give up after {@link ValkeySettings#timeout()}, 250 ms by default) or answers with an
 * error, the operation is served by a per-instance in-memory store with the same limits, so requests
 * keep flowing and each instance still enforces rpm and tpm for itself (the fleet as a whole may then
 * admit up to the limit times the number of instances). While out, {@link #status()} reports
 * {@code degraded} with the reason, a WARNING is logged at most once a minute, and Valkey is tried
 * again at most once a second (every other call goes straight to the local store, so an outage costs
 * no timeouts per request). The first call that succeeds against Valkey ends the outage, logged at
 * INFO; nobody has to intervene. State written locally during the outage stays local: a reservation
 * settles in the store that admitted it, or is dropped after 60 s. {@link Records} are the exception:
 * they have no local fallback and fail with {@link StateUnavailableException} while Valkey is out,
 * since a record kept in one instance's memory would be silently lost.
 *
 * <p>A failover of a Valkey Cluster or of a Sentinel-watched primary ({@link ValkeySettings.Mode}) is
 * such an outage, ended by the promoted replica: reconnecting asks Sentinel again or reloads the
 * cluster's topology. Within any window that overlaps an outage a bucket admits at most
 * (N + 1) &times; its limit across N instances (Valkey's count plus each instance's local one), plus
 * the writes a promoted replica had not received yet; on a cluster the whole store goes local while
 * any of its calls fails.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null} and never take it.
 */
public interface StateStore extends AutoCloseable {

    /** The window over which rpm and tpm hold. */
    Duration WINDOW = Duration.ofSeconds(60);

    /** Default bound of the in-memory response cache: 64 MiB. */
    long DEFAULT_CACHE_BYTES = 64L * 1024 * 1024;

    /**
     * An in-memory store for a single instance, with a response cache of {@link #DEFAULT_CACHE_BYTES}.
     *
     * @param clock source of every time decision
     * @return the store
     */
    static StateStore inMemory(InstantSource clock) {
        return inMemory(clock, DEFAULT_CACHE_BYTES);
    }

    /**
     * An in-memory store for a single instance.
     *
     * @param clock         source of every time decision
     * @param maxCacheBytes bound of the response cache in bytes (keys and values); least recently used
     *                      entries are evicted beyond it
     * @return the store
     */
    static StateStore inMemory(InstantSource clock, long maxCacheBytes) {
        return MemoryStateStore.create(clock, maxCacheBytes);
    }

    /**
     * A store shared by every instance that points at the same Valkey (or Redis). It connects at
     * once; if Valkey is not reachable yet it starts degraded and keeps trying (see the class
     * description).
     *
     * <p>Lettuce is an optional dependency of this module: the application adds
     * {@code io.lettuce:lettuce-core} and, on the module path, has {@code lettuce.core},
     * {@code io.netty.resolver.dns} and {@code org.slf4j} resolved ({@code --add-modules}, or
     * {@code requires} in its own module), since this module only {@code requires static} them.
     *
     * @param settings where Valkey is
     * @param clock    clock of the local fallback and of the outage log
     * @return the store
     * @throws IllegalStateException when Lettuce or the modules it needs are missing (the message names them)
     */
    static StateStore valkey(ValkeySettings settings, InstantSource clock) {
        return valkey(settings, clock, DEFAULT_CACHE_BYTES);
    }

    /**
     * A store shared by every instance that points at the same Valkey, as {@link #valkey(ValkeySettings,
     * InstantSource)}, whose local fallback bounds its response cache to {@code fallbackCacheBytes} (the
     * cache an outage fills; Valkey's own entries are bounded by Valkey).
     *
     * @param settings           where Valkey is
     * @param clock              clock of the local fallback and of the outage log
     * @param fallbackCacheBytes bound of the local fallback's response cache in bytes (keys and values),
     *                           {@code >= 0}; least recently used entries are evicted beyond it
     * @return the store
     * @throws IllegalStateException when Lettuce or the modules it needs are missing (the message names them)
     */
    static StateStore valkey(ValkeySettings settings, InstantSource clock, long fallbackCacheBytes) {
        LettuceRuntime.require();
        return ValkeyStateStore.open(settings, clock, fallbackCacheBytes);
    }

    /**
     * Asks to admit one request that will use about {@code tokens} tokens.
     *
     * @param bucket the bucket the request counts against
     * @param limits the bucket's limits
     * @param tokens tokens to reserve (prompt estimate plus output budget), {@code >= 0}
     * @return admitted with a reservation, refused with a wait, or too large to ever be admitted
     */
    default Admission reserve(Bucket bucket, Limits limits, long tokens) {
        return reserve(bucket, limits, tokens, List.of());
    }

    /**
     * Asks to admit one request that will use about {@code tokens} tokens, unless one of the given
     * {@linkplain #coolDown(String, Duration) cooldown keys} still cools down. In Valkey mode the
     * cooldowns and the bucket are read and the reservation is made in one atomic script: one round trip.
     *
     * @param bucket       the bucket the request counts against
     * @param limits       the bucket's limits
     * @param tokens       tokens to reserve (prompt estimate plus output budget), {@code >= 0}
     * @param cooldownKeys keys checked first, in order; the first that cools down is the answer
     * @return too large to ever be admitted, cooling down (nothing counted), admitted with a reservation,
     *         or refused with a wait
     */
    Admission reserve(Bucket bucket, Limits limits, long tokens, List<String> cooldownKeys);

    /**
     * Replaces the reserved tokens with the real usage: refunds when less, charges more when more.
     * Does nothing when the reservation has left the window already. A Valkey store does not wait for
     * Valkey here, so the caller's response does not wait either: the settlement rides with this
     * instance's next admission into the bucket (applied before that admission decides, at no command
     * of its own) or is sent on its own within 100 ms, and a {@link #used(Bucket)} of the bucket sends it
     * first. So this instance's later calls see it; other instances see it within 100 ms.
     *
     * @param reservation  what {@link #reserve(Bucket, Limits, long)} admitted
     * @param actualTokens tokens really used, {@code >= 0}
     */
    void settle(Reservation reservation, long actualTokens);

    /**
     * Refunds all tokens of a call that failed; the request itself stays counted.
     *
     * @param reservation what {@link #reserve(Bucket, Limits, long)} admitted
     */
    default void release(Reservation reservation) {
        settle(reservation, 0);
    }

    /**
     * What a bucket has used in the window ending now; a read that changes nothing. Buckets with
     * {@link Limits#UNLIMITED} keep no log and read as {@link WindowUsage#NONE}. A Valkey store reads
     * the fleet's window in one atomic script (the local one while Valkey is out, like every call).
     *
     * @param bucket the bucket
     * @return the requests and tokens in its window
     */
    WindowUsage used(Bucket bucket);

    /**
     * Cools an endpoint down for {@code duration}, unless it is already cooling down for longer.
     *
     * @param key      endpoint key, e.g. {@code openai/openai} or {@code openai/openai/gpt-4o}
     * @param duration how long from now
     */
    void coolDown(String key, Duration duration);

    /**
     * How long an endpoint still cools down.
     *
     * @param key endpoint key
     * @return the remaining time, or empty when it is not cooling down
     */
    Optional<Duration> cooldownRemaining(String key);

    /**
     * A cached response.
     *
     * @param key cache key
     * @return a copy of the cached bytes, or empty when absent or expired
     */
    Optional<byte[]> cached(String key);

    /**
     * Caches a response (the bytes are copied).
     *
     * @param key   cache key
     * @param value the response bytes
     * @param ttl   time to live, positive
     */
    void cache(String key, byte[] value, Duration ttl);

    /**
     * The durable records: values that are never evicted to make room (unlike the response cache) and
     * sets, for state that must not be lost, such as batch jobs. See {@link Records} for their modes
     * and what happens while Valkey is out.
     *
     * @return the records of this store
     */
    Records records();

    /**
     * Current health.
     *
     * @return mode, degradation and its reason
     */
    StoreStatus status();

    /**
     * Releases connections and threads; the store must not be used afterwards.
     */
    @Override
    void close();
}

package dev.ogem.quota;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Durable records of a {@link StateStore}, for state that must not be lost, such as batch jobs: byte
 * values under a namespace and an id, and named sets of strings. Unlike the response cache
 * ({@link StateStore#cache}), nothing here is ever evicted to make room: a record lives until it is
 * removed or its own time to live ends; a set member lives until it is removed.
 *
 * <h2>Names</h2>
 * A namespace or set name is 1 to 64 characters of {@code a-z}, {@code 0-9}, {@code .}, {@code _} and
 * {@code -}, so names of different namespaces never meet; ids and members are any non-empty string of
 * at most 1024 characters.
 *
 * <h2>Modes</h2>
 * In memory, records live in this process only (a restart loses them) and expire by the store's clock.
 * In Valkey, a record is the key {@code ogem:rec:<namespace>:<id>} ({@code SET … PX}, {@code SET … NX PX},
 * {@code GET}, {@code DEL}) and expires on the server's clock; a set is the key {@code ogem:set:<name>}
 * ({@code SADD}, {@code SREM}, {@code SMEMBERS}) and never expires. Every command touches one key, so the
 * layout needs no hash tag on a Valkey Cluster; {@link #putAll} sends one command per record, pipelined.
 * Each operation is atomic on its own; nothing spans two operations.
 *
 * <h2>When Valkey is out</h2>
 * There is no local fallback: a record kept only in one instance's memory would be silently lost, or
 * contradict the fleet's, when Valkey returns. Every operation throws {@link StateUnavailableException}
 * instead: at once while the store knows Valkey is out (it probes again at most once a second, like every
 * other operation), or after the command timeout. The caller decides, for example by failing the request
 * with a retryable error. A {@link #putAll} that fails may have written some of its records.
 *
 * <p>Thread-safe. Methods never return {@code null} and never take it.
 */
public interface Records {

    /** Longest id or member, in characters. */
    int MAX_ID_LENGTH = 1024;

    /**
     * Writes a record, replacing any under the same id.
     *
     * @param namespace the namespace
     * @param id        the record's id
     * @param value     its bytes (copied)
     * @param ttl       how long it lives, at least 1 ms
     * @throws StateUnavailableException when Valkey is out
     */
    void put(String namespace, String id, byte[] value, Duration ttl);

    /**
     * Writes many records of one namespace with one time to live.
     *
     * @param namespace the namespace
     * @param values    the values by id (copied)
     * @param ttl       how long they live, at least 1 ms
     * @throws StateUnavailableException when Valkey is out (some may have been written)
     */
    void putAll(String namespace, Map<String, byte[]> values, Duration ttl);

    /**
     * Writes a record unless one lives under the id: an atomic claim.
     *
     * @param namespace the namespace
     * @param id        the record's id
     * @param value     its bytes (copied)
     * @param ttl       how long it lives, at least 1 ms
     * @return {@code true} when this call wrote it
     * @throws StateUnavailableException when Valkey is out
     */
    boolean putIfAbsent(String namespace, String id, byte[] value, Duration ttl);

    /**
     * Reads a record.
     *
     * @param namespace the namespace
     * @param id        the record's id
     * @return a copy of its bytes, or empty when absent or expired
     * @throws StateUnavailableException when Valkey is out
     */
    Optional<byte[]> get(String namespace, String id);

    /**
     * Removes a record; nothing happens when there is none.
     *
     * @param namespace the namespace
     * @param id        the record's id
     * @throws StateUnavailableException when Valkey is out
     */
    void remove(String namespace, String id);

    /**
     * Adds a member to a set, creating the set.
     *
     * @param set    the set's name
     * @param member the member
     * @throws StateUnavailableException when Valkey is out
     */
    void addMember(String set, String member);

    /**
     * Removes a member from a set; nothing happens when it is not there.
     *
     * @param set    the set's name
     * @param member the member
     * @throws StateUnavailableException when Valkey is out
     */
    void removeMember(String set, String member);

    /**
     * The members of a set.
     *
     * @param set the set's name
     * @return its members, empty when it has none
     * @throws StateUnavailableException when Valkey is out
     */
    Set<String> members(String set);
}

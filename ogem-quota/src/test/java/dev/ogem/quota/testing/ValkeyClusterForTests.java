package dev.ogem.quota.testing;

import dev.ogem.quota.ValkeyCluster;
import dev.ogem.quota.ValkeyServerProcess;

import java.util.Set;

/**
 * {@link ValkeyCluster} for tests of other modules (see {@link ValkeyForTests} for why this package): a real
 * cluster on loopback ports whose primaries can be failed one at a time.
 */
public final class ValkeyClusterForTests implements AutoCloseable {

    private final ValkeyCluster cluster;
    private String killedKey;
    private ValkeyServerProcess killed;

    private ValkeyClusterForTests(ValkeyCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts a cluster, or skips the test when no server is installed (fails under {@code OGEM_REQUIRE_VALKEY=1}).
     *
     * @param masters  primaries, 3 or more
     * @param replicas replicas per primary, 1 or more to survive a failed primary
     * @return the running cluster
     */
    public static ValkeyClusterForTests startOrSkip(int masters, int replicas) {
        return new ValkeyClusterForTests(ValkeyCluster.startOrSkip(masters, replicas));
    }

    /**
     * Every node, as {@code VALKEY_ENDPOINT} takes a list.
     *
     * @return {@code 127.0.0.1:port,…}
     */
    public String endpoints() {
        return cluster.endpoints();
    }

    /**
     * The keys of the live nodes that match a pattern.
     *
     * @param pattern a {@code KEYS} pattern
     * @return the keys, each once
     */
    public Set<String> keys(String pattern) {
        return cluster.keys(pattern);
    }

    /**
     * Kills (as a crash) the primary that owns a key's slot; {@link #awaitFailover()} waits for its replica.
     *
     * @param key a key with a hash tag
     */
    public void killPrimaryOf(String key) {
        killedKey = key;
        killed = cluster.killPrimaryOf(key);
    }

    /** Waits until a replica took over the slot of the primary {@link #killPrimaryOf} killed. */
    public void awaitFailover() {
        cluster.awaitPrimaryOtherThan(killedKey, killed);
    }

    @Override
    public void close() {
        cluster.close();
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Valkey Cluster through Lettuce's {@link RedisClusterClient}: commands go to the node owning their key's
 * slot, {@code MOVED} and {@code ASK} are followed, and the topology is reloaded every
 * {@link #REFRESH_PERIOD} and whenever a redirect, an unknown node or an uncovered slot says it changed.
 * Nodes flagged as failed are left out, so a promoted replica takes over its slots. Scripts are loaded
 * on every node when connecting; a node that missed them (a replica promoted since) learns each script
 * from the {@code EVAL} that follows its first {@code NOSCRIPT}.
 */
final class ClusterTopology implements Topology {
    static final Duration REFRESH_PERIOD = Duration.ofSeconds(30);

    private final RedisClusterClient client;

    // Lettuce 7 deprecates the adaptive refresh triggers without a replacement yet; they are what follows a
    // failover at once (MOVED, ASK, reconnects) rather than at the next periodic refresh.
    @SuppressWarnings("deprecation")
    ClusterTopology(ValkeySettings settings) {
        List<RedisURI> seeds = settings.nodes().stream()
                .map(node -> Topology.credentials(RedisURI.Builder.redis(node.getHostString(), node.getPort()), settings)
                        .build())
                .toList();
        this.client = RedisClusterClient.create(seeds);
        client.setOptions(Topology.common(ClusterClientOptions.builder(), settings)
                // a node's connection opens at its first command; rejecting commands until then would fail
                // that first command (the command timeout bounds the wait instead)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(REFRESH_PERIOD)
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .nodeFilter(node -> !node.is(RedisClusterNode.NodeFlag.FAIL)
                        && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                        && !node.is(RedisClusterNode.NodeFlag.NOADDR))
                .build());
    }

    @Override
    public Connected connect(boolean again) {
        if (again) {
            try {
                client.refreshPartitions(); // the dropped connection may have died with a node: learn what replaced it
            } catch (RuntimeException e) {
                // connecting reloads the topology from the seeds when there is none; otherwise it fails below
            }
        }
        StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
        preload(connection);
        return new Connected(connection, connection.sync(), connection.async());
    }

    /**
     * Loads the scripts on every node (which also opens the connection to each), all at once, so that a
     * settlement sent without waiting does not meet a {@code NOSCRIPT} and fall behind the next
     * reservation. Best effort: a node that misses them learns each script from its first {@code NOSCRIPT}.
     */
    private static void preload(StatefulRedisClusterConnection<String, byte[]> connection) {
        CompletableFuture<?>[] loads = Script.ALL.stream()
                .map(script -> connection.async().scriptLoad(script.source()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(loads).join();
        } catch (CompletionException | CancellationException e) {
            // a node is down or slow: the store finds out with its first command there
        }
    }

    @Override
    public boolean sameSlot(String a, String b) {
        return SlotHash.getSlot(a) == SlotHash.getSlot(b);
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
    }
}

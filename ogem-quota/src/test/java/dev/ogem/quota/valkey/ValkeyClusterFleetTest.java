package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeyCluster;
import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Arrays;

/** The fleet proof on a real three-primary Valkey Cluster: buckets and cooldowns spread over the nodes. */
class ValkeyClusterFleetTest extends FleetContract {
    private static ValkeyCluster cluster;
    private static RedisClusterClient rawClient;
    private static StatefulRedisClusterConnection<String, String> raw;

    @BeforeAll
    static void startCluster() {
        cluster = ValkeyCluster.startOrSkip(3, 0);
        rawClient = RedisClusterClient.create(Arrays.stream(cluster.endpoints().split(","))
                .map(endpoint -> RedisURI.create("redis://" + endpoint)).toList());
        raw = rawClient.connect();
    }

    @AfterAll
    static void stopCluster() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected ValkeySettings settings() {
        return ValkeySettings.builder().cluster(cluster.endpoints()).timeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected RedisClusterCommands<String, String> raw() {
        return raw.sync();
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeyCluster;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A cluster primary killed under load, on a real cluster of three primaries with a replica each. */
class ValkeyClusterFailoverTest extends FailoverContract {
    private static ValkeyCluster cluster;
    private String key;
    private ValkeyServerProcess killed;

    @BeforeAll
    static void startCluster() {
        cluster = ValkeyCluster.startOrSkip(3, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected ValkeySettings settings() {
        return ValkeySettings.builder().cluster(cluster.endpoints()).build();
    }

    @Override
    protected void killPrimaryOf(String key) {
        this.key = key;
        killed = cluster.killPrimaryOf(key);
    }

    @Override
    protected void awaitFailover() {
        cluster.awaitPrimaryOtherThan(key, killed);
    }
}

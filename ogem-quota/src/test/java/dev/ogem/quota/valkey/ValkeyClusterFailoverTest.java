package dev.ogem.quota.valkey;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.ogem.quota.ValkeyCluster;
import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;

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
        return ValkeySettings.cluster(cluster.endpoints());
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

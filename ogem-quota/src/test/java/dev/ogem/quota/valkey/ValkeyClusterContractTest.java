package dev.ogem.quota.valkey;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeyCluster;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.testing.FakeClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The contract on a real three-primary Valkey Cluster, the scripts deciding on the test's fake clock. Each
 * test's bucket and cooldown keys carry random names, so they land in different slots: the admission
 * with cooldowns takes the cluster's split path.
 */
class ValkeyClusterContractTest extends ValkeyStoreContract {
    private static ValkeyCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ValkeyCluster.startOrSkip(3, 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected StateStore open(FakeClock clock) {
        ValkeySettings settings = ValkeySettings.builder().cluster(cluster.endpoints()).timeout(Duration.ofSeconds(5)).build();
        return ValkeyStateStore.openWithCallerClock(settings, clock);
    }

    @Override
    protected String mode() {
        return "valkey";
    }
}

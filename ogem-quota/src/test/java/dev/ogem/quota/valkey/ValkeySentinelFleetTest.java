package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySentinels;
import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The fleet proof on a real primary that both instances find through Sentinel. */
class ValkeySentinelFleetTest extends FleetContract {
    private static ValkeySentinels sentinels;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void startSentinels() {
        sentinels = ValkeySentinels.startOrSkip();
        rawClient = RedisClient.create("redis://" + sentinels.primary().endpoint());
        raw = rawClient.connect();
    }

    @AfterAll
    static void stopSentinels() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (sentinels != null) {
            sentinels.close();
        }
    }

    @Override
    protected ValkeySettings settings() {
        return ValkeySettings.builder().sentinel(sentinels.sentinelEndpoint(), ValkeySentinels.MASTER).timeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected RedisClusterCommands<String, String> raw() {
        return raw.sync();
    }
}

package dev.ogem.quota.valkey;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.ogem.quota.ValkeyServerProcess;
import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** The fleet proof on one Valkey server. */
class ValkeyFleetTest extends FleetContract {
    private static ValkeyServerProcess server;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void startServer() {
        server = ValkeyServerProcess.startOrSkip();
        rawClient = RedisClient.create("redis://" + server.endpoint());
        raw = rawClient.connect();
    }

    @AfterAll
    static void stopServer() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ValkeySettings settings() {
        return ValkeySettings.of(server.endpoint()).withTimeout(Duration.ofSeconds(5));
    }

    @Override
    protected RedisClusterCommands<String, String> raw() {
        return raw.sync();
    }
}

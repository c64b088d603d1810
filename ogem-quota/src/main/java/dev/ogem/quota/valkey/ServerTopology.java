package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One server, or the primary that Sentinel names: Lettuce asks the sentinels for the primary's address
 * at every connect, so after a failover the next connection (the store reconnects after any broken
 * one) goes to the promoted replica. The scripts are loaded when connecting, so the first admissions
 * go straight to {@code EVALSHA}.
 */
final class ServerTopology implements Topology {
    private final RedisClient client;
    private final RedisURI uri;

    ServerTopology(ValkeySettings settings) {
        this.uri = uri(settings);
        this.client = RedisClient.create();
        client.setOptions(Topology.common(ClientOptions.builder(), settings).build());
    }

    @Override
    public Connected connect(boolean again) {
        StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC, uri);
        try {
            preload(connection.sync());
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw e;
        }
        return new Connected(connection, connection.sync(), connection.async());
    }

    @Override
    public boolean sameSlot(String a, String b) {
        return true;
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
    }

    private static void preload(RedisCommands<String, byte[]> commands) {
        for (Script script : Script.ALL) {
            commands.scriptLoad(script.source());
        }
    }

    private static RedisURI uri(ValkeySettings settings) {
        InetSocketAddress first = settings.nodes().getFirst();
        if (settings.mode() == ValkeySettings.Mode.STANDALONE) {
            return Topology.credentials(RedisURI.Builder.redis(first.getHostString(), first.getPort()), settings).build();
        }
        RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(settings.sentinelMaster().orElseThrow());
        for (InetSocketAddress sentinel : settings.nodes()) {
            builder.withSentinel(RedisURI.Builder.redis(sentinel.getHostString(), sentinel.getPort())
                    .withSsl(settings.tls())
                    .withTimeout(settings.timeout())
                    .build());
        }
        return Topology.credentials(builder, settings).build();
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;

/**
 * How one {@link ValkeySettings.Mode} connects: a single server or a primary found through Sentinel
 * ({@link ServerTopology}), or a Valkey Cluster ({@link ClusterTopology}). Either way the store gets
 * Lettuce's cluster command interfaces, the common supertypes of both connection kinds, so the store's
 * code is written once.
 */
sealed interface Topology permits ServerTopology, ClusterTopology {
    /** String keys, byte values. */
    RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /**
     * The Lettuce client for the settings' mode.
     *
     * @param settings where Valkey is
     * @return its topology, not connected yet
     */
    static Topology of(ValkeySettings settings) {
        return settings.mode() == ValkeySettings.Mode.CLUSTER ? new ClusterTopology(settings) : new ServerTopology(settings);
    }

    /**
     * Opens a connection (Lettuce's own reconnect off, so recovery timing is the store's).
     *
     * @param again whether an earlier connection was dropped (a cluster then reloads its topology first)
     * @return the open connection
     * @throws io.lettuce.core.RedisException when connecting fails
     */
    Connected connect(boolean again);

    /**
     * Whether two keys may be touched by one script: always, but on a cluster only when they hash to
     * one slot.
     *
     * @param a a key
     * @param b another key
     * @return whether they share a slot (or there are no slots)
     */
    boolean sameSlot(String a, String b);

    /** Closes the client and every connection it opened. */
    void shutdown();

    /**
     * An open connection with its synchronous and asynchronous commands (one pipelined channel per node).
     *
     * @param connection the connection
     * @param sync       its blocking commands
     * @param async      its asynchronous commands
     */
    record Connected(StatefulConnection<String, byte[]> connection,
                     RedisClusterCommands<String, byte[]> sync,
                     RedisClusterAsyncCommands<String, byte[]> async) {
    }

    /** Options both client kinds share: no auto-reconnect, commands rejected while disconnected, short timeouts. */
    static <B extends ClientOptions.Builder> B common(B builder, ValkeySettings settings) {
        builder.autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.timeout())
                        .tcpNoDelay(true)
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.builder().fixedTimeout(settings.timeout()).build());
        return builder;
    }

    /** A data node's URI with the settings' credentials, TLS, database and timeout. */
    static RedisURI.Builder credentials(RedisURI.Builder builder, ValkeySettings settings) {
        builder.withDatabase(settings.database())
                .withSsl(settings.tls())
                .withTimeout(settings.timeout());
        if (settings.user().isPresent() && settings.password().isPresent()) {
            builder.withAuthentication(settings.user().get(), settings.password().get());
        } else {
            settings.password().ifPresent(password -> builder.withPassword(password.toCharArray()));
        }
        return builder;
    }

    /** How long closing waits for the client's threads. */
    Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
}

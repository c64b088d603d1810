package dev.ogem.quota;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real primary, its replica and one sentinel watching them as {@link #MASTER}, each a
 * {@link ValkeyServerProcess} on a free loopback port (the sentinel is the server binary with
 * {@code --sentinel}). The sentinel calls a primary down after a second of silence and promotes the
 * replica on its own (quorum 1). {@link #close()} stops all three.
 */
public final class ValkeySentinels implements AutoCloseable {
    /** The name the sentinel monitors the primary by. */
    public static final String MASTER = "ogem-primary";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final RedisClient client = RedisClient.create();
    private ValkeyServerProcess primary;
    private ValkeyServerProcess replica;
    private ValkeyServerProcess sentinel;

    private ValkeySentinels() {
    }

    /**
     * Starts primary, replica and sentinel, and waits until the replica is in sync and the sentinel knows it;
     * skips (fails under {@code OGEM_REQUIRE_VALKEY=1}) without a server binary.
     *
     * @return the running set-up
     */
    public static ValkeySentinels startOrSkip() {
        Path binary = ValkeyServerProcess.binaryOrSkip();
        ValkeySentinels set = new ValkeySentinels();
        try {
            List<String> node = List.of("repl-diskless-sync-delay 0");
            set.primary = ValkeyServerProcess.start(binary, ValkeyServerProcess.freePort(), node, false);
            set.replica = ValkeyServerProcess.start(binary, ValkeyServerProcess.freePort(),
                    List.of("repl-diskless-sync-delay 0", "replicaof 127.0.0.1 " + set.primary.port()), false);
            set.await("the replica in sync", () -> set.info(set.replica, "replication").contains("master_link_status:up"));
            set.sentinel = ValkeyServerProcess.start(binary, ValkeyServerProcess.freePort(), List.of(
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + set.primary.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 10000"), true);
            set.await("the sentinel knowing the replica", () -> set.replicasKnown() == 1);
            return set;
        } catch (RuntimeException | Error e) {
            set.close();
            throw e;
        }
    }

    /**
     * The sentinel's endpoint, as {@code VALKEY_ENDPOINT} takes it in sentinel mode.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String sentinelEndpoint() {
        return sentinel.endpoint();
    }

    /**
     * The node that is primary now.
     *
     * @return the primary
     */
    public ValkeyServerProcess primary() {
        return primary;
    }

    /**
     * Kills the primary (SIGKILL, as a crash) once the replica holds everything written so far, and returns
     * at once; {@link #awaitFailover()} waits for the replica's promotion. (Writes the replica has not
     * received are lost in a real failover; this test set-up waits for them, so what it checks is the
     * store's behaviour, not replication lag.)
     */
    public void killPrimary() {
        try (StatefulRedisConnection<String, String> connection =
                     client.connect(RedisURI.create("127.0.0.1", primary.port()))) {
            connection.sync().set("ogem-test:replicated", "1");
            long acknowledged = connection.sync().waitForReplication(1, READY_TIMEOUT.toMillis());
            if (acknowledged < 1) {
                throw new IllegalStateException("the replica did not acknowledge the writes");
            }
        }
        primary.stop();
    }

    /**
     * Waits until the sentinel names the replica as primary and the replica says it is one.
     */
    public void awaitFailover() {
        ValkeyServerProcess promoted = replica;
        await("the sentinel promoting the replica", () -> namedPrimaryPort() == promoted.port()
                && info(promoted, "replication").contains("role:master"));
        replica = primary;
        primary = promoted;
    }

    @Override
    public void close() {
        for (ValkeyServerProcess process : new ValkeyServerProcess[] {sentinel, replica, primary}) {
            if (process != null) {
                process.close();
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private int namedPrimaryPort() {
        try (StatefulRedisSentinelConnection<String, String> connection =
                     client.connectSentinel(RedisURI.create("127.0.0.1", sentinel.port()))) {
            return ((InetSocketAddress) connection.sync().getMasterAddrByName(MASTER)).getPort();
        } catch (RedisException e) {
            return -1;
        }
    }

    private int replicasKnown() {
        try (StatefulRedisSentinelConnection<String, String> connection =
                     client.connectSentinel(RedisURI.create("127.0.0.1", sentinel.port()))) {
            List<Map<String, String>> replicas = connection.sync().replicas(MASTER);
            return (int) replicas.stream().filter(r -> !r.getOrDefault("flags", "").contains("down")).count();
        } catch (RedisException e) {
            return -1;
        }
    }

    private String info(ValkeyServerProcess node, String section) {
        try (StatefulRedisConnection<String, String> connection =
                     client.connect(RedisURI.create("127.0.0.1", node.port()))) {
            return connection.sync().info(section);
        } catch (RedisException e) {
            return "";
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + READY_TIMEOUT + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}

package dev.ogem.quota;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real Valkey Cluster of {@code masters} primaries with {@code replicas} replicas each, every node a
 * {@link ValkeyServerProcess} on free loopback ports (client and cluster bus), created with
 * {@code valkey-cli --cluster create} (or {@code redis-cli}, beside whichever server binary was found).
 * A failed primary is noticed within a second ({@code cluster-node-timeout 1000}), so a replica takes
 * over within a few. {@link #close()} stops every node.
 */
public final class ValkeyCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<ValkeyServerProcess> nodes = new ArrayList<>();
    private final RedisClient client = RedisClient.create();

    private ValkeyCluster() {
    }

    /**
     * Starts the nodes, creates the cluster and waits until every node says {@code cluster_state:ok} and
     * every replica is in sync; skips (fails under {@code OGEM_REQUIRE_VALKEY=1}) without a server binary.
     *
     * @param masters  primaries, 3 or more
     * @param replicas replicas per primary
     * @return the running cluster
     */
    public static ValkeyCluster startOrSkip(int masters, int replicas) {
        Path binary = ValkeyServerProcess.binaryOrSkip();
        ValkeyCluster cluster = new ValkeyCluster();
        try {
            for (int i = 0; i < masters * (1 + replicas); i++) {
                cluster.nodes.add(ValkeyServerProcess.start(binary, ValkeyServerProcess.freePort(), List.of(
                        "cluster-enabled yes",
                        "cluster-config-file nodes.conf",
                        "cluster-port " + ValkeyServerProcess.freePort(),
                        "cluster-node-timeout 1000",
                        "repl-diskless-sync-delay 0"), false));
            }
            cluster.create(cli(binary), replicas);
            await("cluster_state:ok and replicas in sync on every node", cluster::healthy);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Every node's endpoint, as {@code VALKEY_ENDPOINT} takes a list.
     *
     * @return {@code 127.0.0.1:port,…}
     */
    public String endpoints() {
        return nodes.stream().map(ValkeyServerProcess::endpoint).collect(Collectors.joining(","));
    }

    /**
     * The keys of the live nodes (primaries and replicas) that match a pattern.
     *
     * @param pattern a {@code KEYS} pattern, such as {@code ogem:rate:*}
     * @return the keys, each once
     */
    public Set<String> keys(String pattern) {
        Set<String> keys = new TreeSet<>();
        for (ValkeyServerProcess node : nodes) {
            if (node.answersPing()) {
                keys.addAll(run(node, connection -> connection.sync().keys(pattern)));
            }
        }
        return keys;
    }

    /**
     * The primary that owns a key's slot now.
     *
     * @param key the key
     * @return its node
     */
    public ValkeyServerProcess primaryOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (ValkeyServerProcess node : nodes) {
            if (node.answersPing()) {
                String shards = run(node, connection -> String.valueOf(connection.sync().clusterNodes()));
                for (String line : shards.split("\n")) {
                    String[] fields = line.split(" ");
                    if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")
                            && owns(fields, slot)) {
                        int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
                    }
                }
            }
        }
        throw new IllegalStateException("no primary owns slot " + slot);
    }

    /**
     * Kills (SIGKILL, as a crash) the primary that owns a key's slot, once its replica holds everything
     * written so far (writes a replica has not received are lost in a real failover; the test set-up
     * waits for them, so what it checks is the store's behaviour, not replication lag).
     *
     * @param key a key with a hash tag, such as a bucket's
     * @return the killed node
     */
    public ValkeyServerProcess killPrimaryOf(String key) {
        ValkeyServerProcess primary = primaryOf(key);
        String tag = key.substring(key.indexOf('{'), key.indexOf('}', key.indexOf('{')) + 1);
        run(primary, connection -> {
            connection.sync().set("ogem-test:" + tag + ":replicated", "1");
            if (connection.sync().waitForReplication(1, READY_TIMEOUT.toMillis()) < 1) {
                throw new IllegalStateException("the replica did not acknowledge the writes");
            }
            return null;
        });
        primary.stop();
        return primary;
    }

    /**
     * Waits until a live primary other than {@code killed} owns the key's slot and the live nodes agree the
     * cluster is whole again: a replica took over.
     *
     * @param key    the key
     * @param killed the primary that owned it
     */
    public void awaitPrimaryOtherThan(String key, ValkeyServerProcess killed) {
        await("a replica taking over the slot of " + key, () -> {
            try {
                return primaryOf(key).port() != killed.port() && healthy();
            } catch (IllegalStateException | RedisException e) {
                return false;
            }
        });
    }

    @Override
    public void close() {
        for (ValkeyServerProcess node : nodes) {
            node.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static boolean owns(String[] fields, int slot) {
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue; // a slot being migrated
            }
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = Integer.parseInt(dash < 0 ? range : range.substring(dash + 1));
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    private void create(Path cli, int replicas) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        nodes.forEach(node -> command.add(node.endpoint()));
        command.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
        try {
            Path log = Files.createTempFile("ogem-cluster-create-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("cluster create did not finish: " + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("cluster create failed: " + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cli, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }

    private boolean healthy() {
        for (ValkeyServerProcess node : nodes) {
            if (!node.answersPing()) {
                continue; // killed by the test
            }
            String info;
            try {
                info = run(node, connection -> connection.sync().clusterInfo() + connection.sync().info("replication"));
            } catch (RedisException e) {
                return false;
            }
            if (!info.contains("cluster_state:ok")
                    || (info.contains("role:slave") && !info.contains("master_link_status:up"))) {
                return false;
            }
        }
        return true;
    }

    private static Path cli(Path server) {
        Path cli = server.resolveSibling(server.getFileName().toString().replace("-server", "-cli"));
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("no " + cli.getFileName() + " beside " + server + " to create a cluster with");
        }
        return cli;
    }

    private <T> T run(ValkeyServerProcess node, Function<StatefulRedisConnection<String, String>, T> action) {
        try (StatefulRedisConnection<String, String> connection =
                     client.connect(RedisURI.create("127.0.0.1", node.port()))) {
            return action.apply(connection);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + READY_TIMEOUT + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting: " + what, e);
            }
        }
    }
}

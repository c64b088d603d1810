package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's one connection to Valkey, whatever the {@linkplain Topology topology}: thread-safe and
 * pipelined, string keys and byte values. Lettuce's own reconnect is off: a broken connection is dropped
 * and the next probe opens a new one, so recovery timing is ours and bounded. Every command and the
 * connect itself time out after the settings' timeout.
 */
final class ValkeyConnection implements AutoCloseable {
    private final Topology topology;
    private final String endpoint;
    private final ReentrantLock connecting = new ReentrantLock();
    private final ExecutorService closer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("ogem-valkey-close").factory());
    private volatile Topology.Connected connection;
    private boolean dropped;

    ValkeyConnection(ValkeySettings settings) {
        this.endpoint = settings.endpoint();
        this.topology = Topology.of(settings);
    }

    /**
     * The blocking commands of the open connection, connecting first when there is none.
     *
     * @throws ValkeyUnavailableException when connecting fails or another thread is connecting
     */
    RedisClusterCommands<String, byte[]> commands() {
        return open().sync();
    }

    /**
     * The asynchronous commands of the open connection (the same connection, so commands to one node
     * keep their order), connecting first when there is none.
     *
     * @throws ValkeyUnavailableException when connecting fails or another thread is connecting
     */
    RedisClusterAsyncCommands<String, byte[]> async() {
        return open().async();
    }

    /**
     * The asynchronous commands of the connection if it is open, without ever connecting: for Lettuce's own
     * threads, which must not block.
     *
     * @return the commands, or empty when there is no open connection
     */
    Optional<RedisClusterAsyncCommands<String, byte[]>> openAsync() {
        Topology.Connected current = connection;
        return current != null && current.connection().isOpen() ? Optional.of(current.async()) : Optional.empty();
    }

    /** Whether one script may touch both keys (on a cluster: whether they share a slot). */
    boolean sameSlot(String a, String b) {
        return topology.sameSlot(a, b);
    }

    private Topology.Connected open() {
        Topology.Connected current = connection;
        if (current != null && current.connection().isOpen()) {
            return current;
        }
        if (!connecting.tryLock()) {
            throw new ValkeyUnavailableException("connecting to Valkey at " + endpoint, null);
        }
        try {
            current = connection;
            if (current != null && current.connection().isOpen()) {
                return current;
            }
            drop();
            Topology.Connected fresh = topology.connect(dropped);
            dropped = true;
            connection = fresh;
            return fresh;
        } catch (RuntimeException e) {
            throw new ValkeyUnavailableException("cannot connect to Valkey at " + endpoint, e);
        } finally {
            connecting.unlock();
        }
    }

    /**
     * Closes the current connection, if any; the next {@link #commands()} reconnects. The close runs on a
     * platform thread of its own: Lettuce's close busy-waits (no yield) for commands being written on other
     * threads, and spinning on a virtual thread's carrier would keep such a writer, itself a virtual thread
     * waiting for that carrier, from ever finishing (on one core every request then hangs).
     */
    void drop() {
        Topology.Connected current = connection;
        connection = null;
        if (current != null) {
            try {
                closer.execute(current.connection()::closeAsync);
            } catch (RejectedExecutionException e) {
                current.connection().closeAsync(); // the store is closing: nothing writes any more
            }
        }
    }

    @Override
    public void close() {
        connection = null; // the client's shutdown closes it
        closer.shutdown();
        topology.shutdown();
    }

    /**
     * Starts a script by SHA without waiting for it; when the node does not know the script, its
     * source follows (on a cluster to the same node, the one owning the keys' slot).
     */
    static CompletionStage<Object> runAsync(RedisClusterAsyncCommands<String, byte[]> commands,
                                            Script script,
                                            ScriptOutputType type,
                                            String[] keys,
                                            byte[]... args) {
        return commands.<Object>evalsha(script.sha(), type, keys, args).handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedStage(result);
            }
            if (error.getMessage() != null && error.getMessage().startsWith("NOSCRIPT")) {
                return commands.<Object>eval(script.source(), type, keys, args);
            }
            return CompletableFuture.<Object>failedStage(error);
        }).thenCompose(stage -> stage);
    }

    /**
     * Waits for a command (bounded by the command timeout Lettuce applies to every command).
     *
     * @throws io.lettuce.core.RedisException or another unchecked exception as the command failed
     */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new ValkeyUnavailableException("a Valkey command failed", e.getCause());
        }
    }
}

package dev.ogem.quota.valkey;

import dev.ogem.quota.ValkeySettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Lettuce connection (thread-safe, pipelined) with string keys and byte values. Lettuce's own
 * reconnect is off: a broken connection is dropped and the next probe opens a new one, so recovery
 * timing is ours and bounded. Every command and the connect itself time out after the settings'
 * timeout.
 */
final class ValkeyConnection implements AutoCloseable {
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final RedisURI uri;
    private final String endpoint;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile StatefulRedisConnection<String, byte[]> connection;

    ValkeyConnection(ValkeySettings settings) {
        this.endpoint = settings.endpoint();
        this.uri = uri(settings);
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.timeout())
                        .tcpNoDelay(true)
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.builder().fixedTimeout(settings.timeout()).build())
                .build());
    }

    /**
     * The commands of the open connection, connecting first when there is none.
     *
     * @throws ValkeyUnavailableException when connecting fails or another thread is connecting
     */
    RedisCommands<String, byte[]> commands() {
        return open().sync();
    }

    /**
     * The asynchronous commands of the open connection (the same connection, so commands keep their
     * order), connecting first when there is none.
     *
     * @throws ValkeyUnavailableException when connecting fails or another thread is connecting
     */
    RedisAsyncCommands<String, byte[]> async() {
        return open().async();
    }

    private StatefulRedisConnection<String, byte[]> open() {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        if (!connecting.tryLock()) {
            throw new ValkeyUnavailableException("connecting to Valkey at " + endpoint, null);
        }
        try {
            current = connection;
            if (current != null && current.isOpen()) {
                return current;
            }
            drop();
            StatefulRedisConnection<String, byte[]> fresh = client.connect(CODEC, uri);
            preload(fresh.sync());
            connection = fresh;
            return fresh;
        } catch (RuntimeException e) {
            throw new ValkeyUnavailableException("cannot connect to Valkey at " + endpoint, e);
        } finally {
            connecting.unlock();
        }
    }

    /** Closes the current connection, if any; the next {@link #commands()} reconnects. */
    void drop() {
        StatefulRedisConnection<String, byte[]> current = connection;
        connection = null;
        if (current != null) {
            current.closeAsync();
        }
    }

    @Override
    public void close() {
        connection = null; // the client's shutdown closes it
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** Loads the scripts so the first admissions go straight to EVALSHA. */
    private static void preload(RedisCommands<String, byte[]> commands) {
        for (Script script : new Script[] {Script.RESERVE, Script.SETTLE, Script.COOLDOWN_SET, Script.COOLDOWN_GET}) {
            commands.scriptLoad(script.source());
        }
    }

    private static RedisURI uri(ValkeySettings settings) {
        RedisURI.Builder builder = RedisURI.Builder.redis(settings.host(), settings.port())
                .withDatabase(settings.database())
                .withSsl(settings.tls())
                .withTimeout(settings.timeout());
        if (settings.user().isPresent() && settings.password().isPresent()) {
            builder.withAuthentication(settings.user().get(), settings.password().get());
        } else {
            settings.password().ifPresent(password -> builder.withPassword(password.toCharArray()));
        }
        return builder.build();
    }

    /**
     * Starts a script by SHA without waiting for it; when the server does not know the script, its
     * source follows.
     */
    static CompletionStage<Object> runAsync(RedisAsyncCommands<String, byte[]> commands,
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

    /** Runs a script by SHA, sending its source once when the server does not know it. */
    static Object run(RedisCommands<String, byte[]> commands,
                      Script script,
                      ScriptOutputType type,
                      String[] keys,
                      byte[]... args) {
        try {
            return commands.evalsha(script.sha(), type, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(script.source(), type, keys, args);
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                return commands.eval(script.source(), type, keys, args);
            }
            throw e;
        }
    }
}

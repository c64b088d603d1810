package dev.ogem.server;

import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.config.LoadedConfig;
import dev.ogem.server.lifecycle.InFlight;
import dev.ogem.server.lifecycle.Readiness;
import dev.ogem.server.metrics.GatewayMetrics;
import dev.ogem.server.reload.Generations;
import dev.ogem.server.reload.SharedParts;
import io.helidon.webserver.WebServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a gateway serves, wired from a YAML config as {@code Main} wires it (in-memory state), without a
 * server of its own: for {@code @ServerTest} classes, whose server Helidon's test extension starts on a
 * free port and stops after the class, with an {@code Http1Client} injected. {@link #setUp} configures
 * that server as {@link Gateway#start} does.
 */
final class GatewayParts implements AutoCloseable {

    private final GatewayConfig config;
    private final StateStore store;
    private final BatchQueue batches;
    private final Generations generations;
    private final Gateway.Parts parts;

    private GatewayParts(LoadedConfig loaded, Map<String, String> env) {
        this.config = loaded.config();
        store = StateStore.inMemory(InstantSource.system(), config.store().memoryCacheBytes());
        GatewayMetrics metrics = GatewayMetrics.create().watch(store);
        AtomicReference<BatchQueue> queue = new AtomicReference<>();
        AtomicReference<Generations> current = new AtomicReference<>();
        BodyBudget bodies = new BodyBudget(config.clients().bodyBytesInFlight());
        generations = Generations.start(loaded, env, Path.of(""), new SharedParts(store,
                BatchWiring.lane(queue::get, () -> current.get().current().providers()), metrics.attempts(), bodies),
                InstantSource.system());
        current.set(generations);
        batches = BatchWiring.open(store, () -> generations.current().batchApis(), config.batch());
        queue.set(batches);
        parts = new Gateway.Parts(generations, store, batches, metrics.watch(batches), new InFlight(new Readiness()),
                bodies);
    }

    /**
     * Loads a config through {@code CONFIG_SOURCE}, with {@link TestGateway#KEY} as the gateway key.
     *
     * @param yaml     the config
     * @param extraEnv more variables, such as {@code MAX_REQUEST_BYTES}
     * @return the parts
     */
    static GatewayParts of(String yaml, Map<String, String> extraEnv) {
        try {
            Path file = Files.createTempFile("ogem-parts", ".yaml");
            Files.writeString(file, yaml);
            Map<String, String> env = new HashMap<>(extraEnv);
            env.put("CONFIG_SOURCE", file.toString());
            env.put("OPEN_GEMINI_API_KEY", TestGateway.KEY);
            try {
                return new GatewayParts(ConfigLoader.loadVersioned(env, Path.of("")), env);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets up a test's server with the gateway's health checks, features and routes. */
    void setUp(WebServerConfig.Builder server) {
        Gateway.configure(server, config.clients().readTimeout(), List.of(new StoreHealth(store)), routing ->
                Gateway.routing(routing, parts, config.clients()));
    }

    /** The batch queue, to close it under the running server. */
    BatchQueue batches() {
        return batches;
    }

    @Override
    public void close() {
        batches.close();
        generations.close();
        store.close();
    }
}

package dev.ogem.server;

import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.ConfigLocation;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.config.LoadedConfig;
import dev.ogem.server.config.ProcessSettings;
import dev.ogem.server.lifecycle.InFlight;
import dev.ogem.server.lifecycle.Liveness;
import dev.ogem.server.lifecycle.Readiness;
import dev.ogem.server.metrics.GatewayMetrics;
import dev.ogem.server.reload.FileWatch;
import dev.ogem.server.reload.Generations;
import dev.ogem.server.reload.KeysFileWatch;
import dev.ogem.server.reload.SharedParts;
import dev.ogem.server.reload.UrlPoll;
import io.helidon.webserver.WebServer;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Wires a gateway from its environment: the shared state (Valkey or memory), the first config generation (provider
 * clients and router), the {@code @batch} queue, the HTTP server on {@code PORT}, and what watches the config: its
 * file, or its URL every {@code CONFIG_POLL_INTERVAL}, and the file its {@code keys_file} names.
 */
final class GatewayLauncher {

    private static final Logger LOG = Logger.getLogger(GatewayLauncher.class.getName());

    private GatewayLauncher() {
    }

    /**
     * Starts a gateway.
     *
     * @param environment the variables to read config and keys from
     * @param workingDir  the directory relative config paths are resolved against
     * @return the running instance
     * @throws dev.ogem.server.config.ConfigException when the config is invalid
     * @throws IllegalStateException                  when the server cannot listen on its port
     */
    static GatewayInstance launch(Map<String, String> environment, Path workingDir) {
        ProcessSettings process = ConfigLoader.processSettings(environment);
        ConfigLocation location = ConfigLoader.locate(environment, workingDir);
        LoadedConfig loaded = ConfigLoader.loadVersioned(environment, workingDir);
        GatewayConfig config = loaded.config();
        LOG.info(() -> "Config loaded from " + config.source());
        if (config.gatewayKey().isEmpty() && config.access().keys().isEmpty()) {
            LOG.warning("OPEN_GEMINI_API_KEY is not set and the config has no keys: ogem accepts every request"
                    + " WITHOUT authentication.");
        }
        StateStore store = config.store().valkey()
                .map(valkey -> StateStore.valkey(valkey, InstantSource.system(), config.store().memoryCacheBytes()))
                .orElseGet(() -> StateStore.inMemory(InstantSource.system(), config.store().memoryCacheBytes()));
        LOG.info(() -> "Shared state: " + store.status().mode());
        GatewayMetrics metrics = GatewayMetrics.create().watch(store);
        AtomicReference<BatchQueue> queue = new AtomicReference<>();
        AtomicReference<Generations> current = new AtomicReference<>();
        BodyBudget bodies = new BodyBudget(config.clients().bodyBytesInFlight());
        Generations generations = Generations.start(loaded, environment, workingDir, new SharedParts(store,
                BatchWiring.lane(queue::get, () -> current.get().current().providers()), metrics.attempts(), bodies),
                InstantSource.system());
        current.set(generations);
        BatchQueue batches = BatchWiring.open(store, () -> generations.current().batchApis(), config.batch());
        queue.set(batches);
        metrics.watch(batches).watch(generations::status);
        Readiness readiness = new Readiness();
        InFlight inFlight = new InFlight(readiness);
        WebServer server = Gateway.start(config.port(), process.shutdownGrace(), config.clients().readTimeout(),
                List.of(new StoreHealth(store), readiness, new Liveness()), routing -> Gateway.routing(routing,
                        new Gateway.Parts(generations, store, batches, metrics, inFlight, bodies), config.clients()));
        if (!server.isRunning()) {
            new GatewayInstance(server, generations, List.of(), batches, store, readiness, inFlight).close();
            throw new IllegalStateException("the HTTP server could not listen on port " + config.port()
                    + " (in use, or not allowed)");
        }
        return new GatewayInstance(server, generations, watch(location, process, generations), batches, store,
                readiness, inFlight);
    }

    private static List<AutoCloseable> watch(ConfigLocation location, ProcessSettings process,
                                             Generations generations) {
        KeysFileWatch keys = KeysFileWatch.start(generations);
        return switch (location) {
            case ConfigLocation.File file -> List.of(FileWatch.start(file.path(), generations), keys);
            case ConfigLocation.Url url -> {
                LOG.info(() -> "Polling " + url.shown() + " for config changes every "
                        + process.configPollInterval().toSeconds() + " s");
                yield List.of(UrlPoll.start(process.configPollInterval(), generations), keys);
            }
            case ConfigLocation.Bundled bundled -> {
                LOG.info("The bundled sample config is not watched");
                yield List.of(keys);
            }
        };
    }
}

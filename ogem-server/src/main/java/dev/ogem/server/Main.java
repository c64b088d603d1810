package dev.ogem.server;

import dev.ogem.batch.BatchQueue;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.Router;
import dev.ogem.server.config.ConfigException;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.config.LogSettings;
import dev.ogem.server.logging.LogSetup;
import dev.ogem.server.metrics.GatewayMetrics;
import io.helidon.webserver.WebServer;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Starts ogem: loads and validates the config and every setting ({@link ConfigLoader}: the YAML named by
 * {@code CONFIG_SOURCE}, or the bundled sample, and the environment), then wires the typed settings into the
 * modules: the shared state (Valkey or memory), the provider clients, the {@code @batch} queue, the router, and
 * the HTTP server on {@code PORT}.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /**
     * Runs the command line: the gateway until the process ends (the default), or one of the actions of
     * {@link CommandLine}, which exit with their status. Logging is set up first ({@code LOG_FORMAT},
     * {@code LOG_LEVEL}); a value it does not understand exits with status 2 before anything else.
     *
     * @param args the command line; see {@link CommandLine#USAGE}
     */
    public static void main(String[] args) {
        try {
            LogSetup.install(LogSettings.from(System.getenv()), System.getProperty("java.util.logging.config.file"));
        } catch (ConfigException e) {
            System.err.println("ogem: " + e.getMessage());
            System.exit(OgemCommand.USAGE);
        }
        OgemCommand.run(List.of(args), System.getenv(), System.in, System.out, System.err).ifPresent(System::exit);
    }

    /**
     * Runs the gateway until the process ends; exits with status 1 on a config error or when its port
     * cannot be opened, and with status 0 on SIGTERM.
     *
     * @param environment the variables to read config and keys from
     */
    static void serve(Map<String, String> environment) {
        try {
            Instance instance = launch(environment);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "ogem-shutdown"));
            CleanExit.onTerm();
            LOG.info(() -> "ogem is listening on port " + instance.server().port());
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            LOG.severe("ogem did not start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts a gateway from an environment.
     *
     * @param environment the variables to read config and keys from
     * @return the running server
     * @throws ConfigException when the config is invalid
     */
    static WebServer start(Map<String, String> environment) {
        return launch(environment).server();
    }

    /**
     * Starts a gateway from an environment, returning everything that must be closed with it.
     *
     * @param environment the variables to read config and keys from
     * @return the running instance
     * @throws ConfigException       when the config is invalid
     * @throws IllegalStateException when the server cannot listen on its port
     */
    static Instance launch(Map<String, String> environment) {
        GatewayConfig config = ConfigLoader.load(environment);
        LOG.info(() -> "Config loaded from " + config.source());
        if (config.gatewayKey().isEmpty() && config.access().keys().isEmpty()) {
            LOG.warning("OPEN_GEMINI_API_KEY is not set and the config has no keys: ogem accepts every request"
                    + " WITHOUT authentication.");
        }
        StateStore store = config.store().valkey()
                .map(valkey -> StateStore.valkey(valkey, InstantSource.system()))
                .orElseGet(() -> StateStore.inMemory(InstantSource.system(), config.store().memoryCacheBytes()));
        LOG.info(() -> "Shared state: " + store.status().mode());
        Providers providers = Providers.create(config.catalog(),
                config.providers().toBuilder().rateLimits(Router.upstreamLimits(store)).build());
        BatchQueue batches = BatchWiring.open(store, config.catalog(), providers, config.batch());
        GatewayMetrics metrics = GatewayMetrics.create().watch(store).watch(batches);
        Router router = Router.builder().catalog(config.catalog()).clients(providers::client).store(store)
                .settings(config.routing()).batchLane(BatchWiring.lane(batches, providers))
                .attemptListener(metrics.attempts()).build();
        WebServer server = Gateway.start(config.port(), List.of(new StoreHealth(store)), routing ->
                Gateway.routing(routing, new Gateway.Parts(config.catalog(), router, store, batches, metrics),
                        () -> config, config.maxRequestBytes()));
        Instance instance = new Instance(server, router, batches, store);
        if (!server.isRunning()) {
            instance.close();
            throw new IllegalStateException("the HTTP server could not listen on port " + config.port()
                    + " (in use, or not allowed)");
        }
        return instance;
    }

    /**
     * A running gateway and what it owns.
     *
     * @param server the HTTP server
     * @param router  the router (its pings)
     * @param batches the batch queue (its flushes and polls; closed before the store it records jobs in)
     * @param store   the shared state (its connections)
     */
    record Instance(WebServer server, Router router, BatchQueue batches, StateStore store) implements AutoCloseable {
        /**
         * Closes the batch queue first, while the server still answers: its queued requests are sent and
         * recorded, and its waiting callers get {@code batch_pending} (to send again, to another instance or
         * after the restart); then the server stops, and the store last.
         */
        @Override
        public void close() {
            batches.close();
            server.stop();
            router.close();
            store.close();
        }
    }
}

package dev.ogem.server;

import dev.ogem.batch.BatchQueue;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.Router;
import dev.ogem.routing.RouterSettings;
import dev.ogem.server.config.ConfigException;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.metrics.GatewayMetrics;
import io.helidon.webserver.WebServer;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Starts ogem: loads and validates the config named by {@code CONFIG_SOURCE} (or the bundled
 * sample), opens the shared state (Valkey when {@code VALKEY_ENDPOINT} is set, else memory), builds the
 * provider clients and the router, and serves HTTP on {@code PORT}.
 *
 * <p>Routing variables: {@code REQUEST_TIMEOUT} (default deadline of a request, default {@code 10m}),
 * {@code FIRST_BYTE_TIMEOUT} (longest one upstream attempt may take to its first chunk or plain answer,
 * default {@code 120s}), {@code CACHE_TTL} (response cache, default {@code 24h}); each a Go duration or seconds.
 * Batch variables: see {@link BatchWiring}.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /**
     * Runs the command line: the gateway until the process ends (the default), or one of the actions of
     * {@link CommandLine}, which exit with their status.
     *
     * @param args the command line; see {@link CommandLine#USAGE}
     */
    public static void main(String[] args) {
        OgemCommand.run(List.of(args), System.getenv(), System.out, System.err).ifPresent(System::exit);
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
        if (config.gatewayKey().isEmpty()) {
            LOG.warning("OPEN_GEMINI_API_KEY is not set: ogem accepts every request WITHOUT authentication.");
        }
        RouterSettings settings = RouterSettings.defaults()
                .withRequestTimeout(Durations.positive(environment, "REQUEST_TIMEOUT",
                        RouterSettings.defaults().requestTimeout()))
                .withFirstByteTimeout(Durations.positive(environment, "FIRST_BYTE_TIMEOUT",
                        RouterSettings.defaults().firstByteTimeout()))
                .withCacheTtl(Durations.positive(environment, "CACHE_TTL", RouterSettings.defaults().cacheTtl()));
        long maxBody = Long.parseLong(environment.getOrDefault("MAX_REQUEST_BYTES",
                Long.toString(Gateway.DEFAULT_MAX_BODY_BYTES)));
        StateStore store = StateStores.open(config.valkeyEndpoint(), environment);
        LOG.info(() -> "Shared state: " + store.status().mode());
        Providers providers = Providers.create(config.catalog(),
                ProviderSettings.of(config.environment()).withRateLimits(Router.upstreamLimits(store)));
        BatchQueue batches = BatchWiring.open(store, config.catalog(), providers, environment);
        GatewayMetrics metrics = GatewayMetrics.create().watch(store).watch(batches);
        Router router = Router.create(config.catalog(), providers::client, store, settings,
                BatchWiring.path(batches, providers), metrics.attempts());
        WebServer server = Gateway.start(config.port(), List.of(new StoreHealth(store)), routing ->
                Gateway.routing(routing, new Gateway.Parts(config.catalog(), router, store, batches, metrics),
                        config.gatewayKey(), maxBody));
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
        @Override
        public void close() {
            server.stop();
            router.close();
            batches.close();
            store.close();
        }
    }
}

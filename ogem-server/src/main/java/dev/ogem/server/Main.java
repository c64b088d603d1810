package dev.ogem.server;

import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.Providers;
import dev.ogem.routing.Router;
import dev.ogem.server.config.ConfigException;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;
import io.helidon.webserver.WebServer;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Starts ogem: loads and validates the config named by {@code CONFIG_SOURCE} (or the bundled
 * sample), builds the provider clients and the router, and serves HTTP on {@code PORT}.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /**
     * Runs the gateway until the process ends; exits with status 1 on a config error.
     *
     * @param args ignored; everything comes from the environment
     */
    public static void main(String[] args) {
        try {
            WebServer server = start(System.getenv());
            LOG.info(() -> "ogem is listening on port " + server.port());
        } catch (ConfigException | IllegalArgumentException e) {
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
        GatewayConfig config = ConfigLoader.load(environment);
        LOG.info(() -> "Config loaded from " + config.source());
        if (config.gatewayKey().isEmpty()) {
            LOG.warning("OPEN_GEMINI_API_KEY is not set: ogem accepts every request WITHOUT authentication.");
        }
        Providers providers = Providers.create(config.catalog(), ProviderSettings.of(config.environment()));
        Router router = Router.create(config.catalog(), providers::client);
        long maxBody = Long.parseLong(environment.getOrDefault("MAX_REQUEST_BYTES",
                Long.toString(Gateway.DEFAULT_MAX_BODY_BYTES)));
        return Gateway.start(config.port(), routing ->
                Gateway.routing(routing, config.catalog(), router, config.gatewayKey(), maxBody));
    }
}

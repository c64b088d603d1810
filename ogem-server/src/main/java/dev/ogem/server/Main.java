package dev.ogem.server;

import dev.ogem.server.config.ConfigException;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.LogSettings;
import dev.ogem.server.config.ProcessSettings;
import dev.ogem.server.logging.LogSetup;
import io.helidon.webserver.WebServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Starts ogem: loads and validates the config and every setting ({@link ConfigLoader}: the YAML named by
 * {@code CONFIG_SOURCE}, or the bundled sample, and the environment), then wires the typed settings into the
 * modules ({@link GatewayLauncher}) and handles the signals: SIGTERM drains, SIGHUP reloads.
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
     * cannot be opened, and with status 0 after SIGTERM has drained it ({@link CleanExit}). SIGHUP reloads the
     * config (and the secret files) at once.
     *
     * @param environment the variables to read config and keys from
     */
    static void serve(Map<String, String> environment) {
        try {
            ProcessSettings process = ConfigLoader.processSettings(environment);
            GatewayInstance instance = launch(environment);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "ogem-shutdown"));
            CleanExit.onTerm(() -> instance.drain(process.shutdownDelay(), process.shutdownGrace()));
            Signals.on("HUP", "reload the config (a changed config file still reloads)",
                    () -> instance.generations().reload("SIGHUP", true));
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
     * Starts a gateway from an environment, returning everything that must be closed with it
     * ({@link GatewayLauncher}).
     *
     * @param environment the variables to read config and keys from
     * @return the running instance
     * @throws ConfigException       when the config is invalid
     * @throws IllegalStateException when the server cannot listen on its port
     */
    static GatewayInstance launch(Map<String, String> environment) {
        return GatewayLauncher.launch(environment, Path.of(""));
    }
}

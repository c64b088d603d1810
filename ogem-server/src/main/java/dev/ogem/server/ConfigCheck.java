package dev.ogem.server;

import dev.ogem.server.config.ConfigException;
import dev.ogem.server.config.ConfigLoader;
import dev.ogem.server.config.GatewayConfig;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code ogem --check-config}: loads the config with the loader startup uses, so the rules and the
 * messages are the same, and reports instead of serving.
 */
final class ConfigCheck {

    private ConfigCheck() {
    }

    /**
     * Loads and validates the config named by the environment.
     *
     * @param environment the variables (with {@code CONFIG_SOURCE} from the command line, if given)
     * @param out         where the OK line goes
     * @param err         where the error goes
     * @return 0 when valid, 1 when not
     */
    static int run(Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            GatewayConfig config = ConfigLoader.load(environment);
            out.println("ogem: config OK: " + config.source() + " (" + config.catalog().providers().size()
                    + " providers, " + config.catalog().endpoints().count() + " regions)");
            return OgemCommand.OK;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("ogem: config error: " + e.getMessage());
            return OgemCommand.FAILED;
        }
    }
}

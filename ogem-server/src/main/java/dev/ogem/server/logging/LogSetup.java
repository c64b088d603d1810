package dev.ogem.server.logging;

import dev.ogem.server.config.LogSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts ogem's logging in place: the root logger gets one handler writing to standard error (standard output
 * stays for what a command prints) with {@link TextLineFormatter} or {@link JsonLineFormatter}, the access log
 * written one batch of lines at a time ({@link BufferedLineHandler}), the level of {@code LOG_LEVEL}, and its
 * per-logger overrides. SLF4J (Lettuce) arrives here through {@code slf4j-jdk14}.
 * When {@code java.util.logging.config.file} names a logging configuration, that file rules and ogem leaves it.
 */
public final class LogSetup {

    /**
     * The access log's logger: one line per request, each a JSON object, batched ({@link BufferedLineHandler}) and
     * kept whole by {@link JsonLineFormatter}.
     */
    public static final String ACCESS_LOGGER = "ogem.access";

    /** Loggers with a level of their own, held so that java.util.logging does not forget them. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private LogSetup() {
    }

    /**
     * Installs the handler and levels; call it first, before anything logs.
     *
     * @param settings   the format and levels
     * @param properties the system properties' {@code java.util.logging.config.file}, if set
     * @return whether ogem's set-up was installed (false when a logging configuration file rules)
     */
    public static synchronized boolean install(LogSettings settings, String properties) {
        if (properties != null && !properties.isBlank()) {
            return false;
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        BufferedLineHandler handler = new BufferedLineHandler(
                settings.json() ? new JsonLineFormatter() : new TextLineFormatter(), Set.of(ACCESS_LOGGER));
        root.addHandler(handler);
        root.setLevel(settings.level());
        CONFIGURED.clear();
        for (Map.Entry<String, Level> override : settings.overrides().entrySet()) {
            Logger logger = Logger.getLogger(override.getKey());
            logger.setLevel(override.getValue());
            CONFIGURED.add(logger);
        }
        return true;
    }
}

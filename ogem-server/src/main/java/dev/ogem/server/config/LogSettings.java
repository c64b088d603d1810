package dev.ogem.server.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;

/**
 * How ogem logs, read from the environment before anything else so that the first record already has its
 * format: {@code LOG_FORMAT} ({@code text}, the default, one line a record for a person; or {@code json}, one
 * JSON object a line for a collector) and {@code LOG_LEVEL}: a level for everything ({@code INFO} by default),
 * then optionally {@code logger=level} overrides, comma-separated, such as
 * {@code INFO,ogem.access=OFF,io.lettuce=WARNING}. Levels are java.util.logging's ({@code SEVERE},
 * {@code WARNING}, {@code INFO}, {@code CONFIG}, {@code FINE}, {@code FINER}, {@code FINEST}, {@code ALL},
 * {@code OFF}) or the usual {@code ERROR}, {@code WARN}, {@code DEBUG}, {@code TRACE}, in any case.
 *
 * @param json      whether records are written as JSON
 * @param level     the level of every logger without an override
 * @param overrides per-logger levels, by logger name prefix (a logger and its children)
 */
public record LogSettings(boolean json, Level level, Map<String, Level> overrides) {

    /** Checks for nulls and copies the overrides. */
    public LogSettings {
        Objects.requireNonNull(level, "level");
        overrides = Map.copyOf(overrides);
    }

    /**
     * Reads the settings.
     *
     * @param env the environment
     * @return the settings
     * @throws ConfigException naming the variable when a value is not understood
     */
    public static LogSettings from(Map<String, String> env) {
        Environment environment = new Environment(env);
        String format = environment.text("LOG_FORMAT").orElse("text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("LOG_FORMAT", "must be text or json: \"" + format + "\"");
        }
        Level level = Level.INFO;
        Map<String, Level> overrides = new LinkedHashMap<>();
        for (String entry : environment.names("LOG_LEVEL")) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                level = level(entry);
            } else if (equals == 0) {
                throw new ConfigException("LOG_LEVEL", "a logger name is missing before '=' in \"" + entry + "\"");
            } else {
                overrides.put(entry.substring(0, equals).trim(), level(entry.substring(equals + 1)));
            }
        }
        return new LogSettings(format.equals("json"), level, overrides);
    }

    private static Level level(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ERROR" -> Level.SEVERE;
            case "WARN" -> Level.WARNING;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            case "SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST", "ALL", "OFF" -> Level.parse(name);
            default -> throw new ConfigException("LOG_LEVEL", "not a level: \"" + text.trim() + "\" (use ERROR, WARN,"
                    + " INFO, DEBUG, TRACE, OFF or a java.util.logging level)");
        };
    }
}

package dev.ogem.server;

import java.util.List;
import java.util.Optional;

/**
 * What the {@code ogem} command line asks for: one action and, optionally, the config to use.
 *
 * <p>Options take one dash or two, as the original Go ogem's {@code -config} did: {@code --config FILE},
 * {@code --config=FILE}, {@code -config FILE}. {@code --config} and the file of {@code --check-config FILE}
 * stand in for {@code CONFIG_SOURCE} (a path or an {@code http(s)://} URL).
 *
 * @param action what to do
 * @param config the config named on the command line, if any
 */
record CommandLine(Action action, Optional<String> config) {

    /** The command line's help text. */
    static final String USAGE = """
            Usage: ogem [--config FILE]        run the gateway
                   ogem --check-config [FILE]  validate a config as startup does, then exit
                   ogem --health-check         ask the local gateway's /observe/health (port $PORT, default 8080)
                   ogem --version              print the version
                   ogem --help                 print this help

            FILE is a path or an http(s):// URL; it replaces CONFIG_SOURCE. Without either, ogem reads
            ./config.yaml, else the bundled sample. Everything else comes from the environment (PORT,
            OPEN_GEMINI_API_KEY, provider keys, VALKEY_ENDPOINT, ...). Options take one dash or two.
            Exit status: 0 done, 1 failed (config invalid, server not started, unhealthy), 2 bad usage.
            """;

    /** The actions, {@link #SERVE} when no other is named. */
    enum Action {
        /** Run the gateway. */
        SERVE,
        /** Load and validate the config, then exit. */
        CHECK_CONFIG,
        /** Ask a running gateway's health endpoint on this host. */
        HEALTH_CHECK,
        /** Print the version. */
        VERSION,
        /** Print the usage. */
        HELP
    }

    /**
     * Reads the arguments.
     *
     * @param args the arguments as given
     * @return what they ask for
     * @throws UsageException for an unknown option, a missing file, a stray argument or two actions
     */
    static CommandLine parse(List<String> args) {
        Action action = Action.SERVE;
        Optional<String> config = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String option = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int equals = option.indexOf('=');
            Optional<String> inline = equals < 0 ? Optional.empty() : Optional.of(option.substring(equals + 1));
            String name = equals < 0 ? option : option.substring(0, equals);
            Action named = switch (name) {
                case "config" -> null;
                case "check-config" -> Action.CHECK_CONFIG;
                case "health-check" -> Action.HEALTH_CHECK;
                case "version" -> Action.VERSION;
                case "help", "h" -> Action.HELP;
                default -> throw new UsageException("unknown option '" + arg + "'");
            };
            Optional<String> file = inline;
            if (named == null || named == Action.CHECK_CONFIG) {
                boolean nextIsFile = inline.isEmpty() && i + 1 < args.size() && !args.get(i + 1).startsWith("-");
                if (nextIsFile) {
                    file = Optional.of(args.get(++i));
                } else if (named == null && inline.isEmpty()) {
                    throw new UsageException("option '" + arg + "' needs a file or URL");
                }
                if (file.isPresent() && file.get().isBlank()) {
                    throw new UsageException("option '" + arg + "' needs a file or URL");
                }
                if (file.isPresent() && config.isPresent()) {
                    throw new UsageException("the config is named twice");
                }
                config = file.isPresent() ? file : config;
            } else if (inline.isPresent()) {
                throw new UsageException("option '--" + name + "' takes no value");
            }
            if (named != null) {
                if (action != Action.SERVE && action != named) {
                    throw new UsageException("choose one of --check-config, --health-check, --version, --help");
                }
                action = named;
            }
        }
        if (config.isPresent() && action == Action.HEALTH_CHECK) {
            throw new UsageException("--health-check takes no config");
        }
        return new CommandLine(action, config);
    }

    /** A command line that cannot be understood; the message says why, without the usage text. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}

package dev.ogem.server;

import java.util.List;
import java.util.Locale;
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
                   ogem --hash-key             read a client key from standard input, print its SHA-256
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
        /** Print the SHA-256 of a client key read from standard input. */
        HASH_KEY,
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
            String option = arg.replaceFirst("^--?", "");
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            Optional<String> value = equals < 0 ? Optional.empty() : Optional.of(option.substring(equals + 1));
            boolean takesFile = name.equals("config") || name.equals("check-config");
            if (takesFile && value.isEmpty() && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                value = Optional.of(args.get(++i));
            }
            switch (name) {
                case "config" -> config = named(config, value.orElseThrow(() -> needsFile(arg)), arg);
                case "check-config" -> {
                    action = only(action, Action.CHECK_CONFIG);
                    if (value.isPresent()) {
                        config = named(config, value.get(), arg);
                    }
                }
                case "health-check" -> action = only(action, Action.HEALTH_CHECK);
                case "hash-key" -> action = only(action, Action.HASH_KEY);
                case "version" -> action = only(action, Action.VERSION);
                case "help", "h" -> action = only(action, Action.HELP);
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
            if (!takesFile && value.isPresent()) {
                throw new UsageException("option '--" + name + "' takes no value");
            }
        }
        if (config.isPresent() && (action == Action.HEALTH_CHECK || action == Action.HASH_KEY)) {
            throw new UsageException("--" + action.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " takes no config");
        }
        return new CommandLine(action, config);
    }

    private static Action only(Action chosen, Action named) {
        if (chosen != Action.SERVE && chosen != named) {
            throw new UsageException("choose one of --check-config, --health-check, --hash-key, --version, --help");
        }
        return named;
    }

    private static Optional<String> named(Optional<String> config, String file, String arg) {
        if (file.isBlank()) {
            throw needsFile(arg);
        }
        if (config.isPresent()) {
            throw new UsageException("the config is named twice");
        }
        return Optional.of(file);
    }

    private static UsageException needsFile(String arg) {
        return new UsageException("option '" + arg + "' needs a file or URL");
    }

    /** A command line that cannot be understood; the message says why, without the usage text. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}

package dev.ogem.server;

import dev.ogem.server.CommandLine.UsageException;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs what the command line asks for. Every action but serving ends with an exit status: 0 done,
 * 1 failed, 2 bad usage (with the usage text on standard error).
 */
final class OgemCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private OgemCommand() {
    }

    /**
     * Parses the arguments and runs the action.
     *
     * @param args        the command line arguments
     * @param environment the process environment
     * @param in          standard input, read by {@code --hash-key}
     * @param out         where results go
     * @param err         where errors go
     * @return the exit status, or empty when the gateway was started and the process should keep running
     */
    static OptionalInt run(List<String> args, Map<String, String> environment, InputStream in, PrintStream out,
                           PrintStream err) {
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("ogem: " + e.getMessage());
            err.println();
            err.print(CommandLine.USAGE);
            return OptionalInt.of(USAGE);
        }
        Map<String, String> env = new HashMap<>(environment);
        command.config().ifPresent(config -> env.put("CONFIG_SOURCE", config));
        return switch (command.action()) {
            case HELP -> {
                out.print(CommandLine.USAGE);
                yield OptionalInt.of(OK);
            }
            case VERSION -> {
                out.println("ogem " + Version.current());
                yield OptionalInt.of(OK);
            }
            case CHECK_CONFIG -> OptionalInt.of(ConfigCheck.run(env, out, err));
            case HEALTH_CHECK -> OptionalInt.of(HealthCheck.run(env, out, err));
            case HASH_KEY -> OptionalInt.of(HashKey.run(in, out, err));
            case SERVE -> {
                Main.serve(env);
                yield OptionalInt.empty();
            }
        };
    }
}

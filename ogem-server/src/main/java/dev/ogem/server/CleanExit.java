package dev.ogem.server;

/**
 * Makes SIGTERM (systemd's and a container engine's stop signal) end the server with status 0: the JVM's
 * shutdown hooks still run (the server stops, state is closed), but a requested stop is not reported as the
 * failure status 143 that an unhandled SIGTERM gives.
 */
final class CleanExit {

    private CleanExit() {
    }

    /** Installs the handler; call once the server runs. */
    static void onTerm() {
        Signals.on("TERM", () -> System.exit(0));
    }
}

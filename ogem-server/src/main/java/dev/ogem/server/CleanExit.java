package dev.ogem.server;

/**
 * Makes SIGTERM (systemd's and a container engine's stop signal) drain the gateway and end the process with
 * status 0: a requested stop is not reported as the failure status 143 that an unhandled SIGTERM gives. A second
 * SIGTERM during the drain ends the process at once (the JVM's shutdown hooks still close what is left).
 */
final class CleanExit {

    private CleanExit() {
    }

    /**
     * Installs the handler; call once the server runs.
     *
     * @param drain what to do before exiting; it returns when the drain is over
     */
    static void onTerm(Runnable drain) {
        Signals.on("TERM", "drain the gateway", () -> {
            drain.run();
            System.exit(0);
        });
    }
}

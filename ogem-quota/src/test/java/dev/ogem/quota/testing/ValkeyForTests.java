package dev.ogem.quota.testing;

import dev.ogem.quota.ValkeyServerProcess;

/**
 * {@link ValkeyServerProcess} for tests of other modules. Those compile as JPMS modules, which cannot see
 * a test-jar class in {@code dev.ogem.quota} (a package of the named module); this package is the
 * test-jar's own, so they can.
 */
public final class ValkeyForTests implements AutoCloseable {

    private ValkeyServerProcess process;

    private ValkeyForTests(ValkeyServerProcess process) {
        this.process = process;
    }

    /**
     * Starts a server on a free loopback port, or skips the test when none is installed (fails under
     * {@code OGEM_REQUIRE_VALKEY=1}).
     *
     * @return the running server
     */
    public static ValkeyForTests startOrSkip() {
        return new ValkeyForTests(ValkeyServerProcess.startOrSkip());
    }

    /**
     * Where it listens.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String endpoint() {
        return process.endpoint();
    }

    /** Stops the server (an outage); {@link #restart()} brings it back on the same port. */
    public void stop() {
        process.stop();
    }

    /** Starts it again on the same port, empty. */
    public void restart() {
        process = process.restart();
    }

    @Override
    public void close() {
        process.close();
    }
}

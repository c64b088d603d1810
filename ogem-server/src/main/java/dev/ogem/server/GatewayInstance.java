package dev.ogem.server;

import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.server.lifecycle.GracefulShutdown;
import dev.ogem.server.lifecycle.InFlight;
import dev.ogem.server.lifecycle.Readiness;
import dev.ogem.server.reload.Generations;
import io.helidon.webserver.WebServer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A running gateway and what it owns: the HTTP server, the config generations and what notices config changes,
 * the batch queue and the shared state. It stops at once ({@link #close()}) or by draining ({@link #drain()}).
 */
final class GatewayInstance implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayInstance.class.getName());

    private final WebServer server;
    private final Generations generations;
    private final List<AutoCloseable> watchers;
    private final BatchQueue batches;
    private final StateStore store;
    private final Readiness readiness;
    private final InFlight inFlight;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * The parts of a started gateway.
     *
     * @param server      the HTTP server
     * @param generations the config in force and its routers
     * @param watchers    what notices config changes (a file watch or a URL poll), closed first
     * @param batches     the batch queue
     * @param store       the shared state, closed last
     * @param readiness   the readiness check a drain turns down
     * @param inFlight    the requests a drain waits for
     */
    GatewayInstance(WebServer server, Generations generations, List<AutoCloseable> watchers, BatchQueue batches,
                    StateStore store, Readiness readiness, InFlight inFlight) {
        this.server = server;
        this.generations = generations;
        this.watchers = List.copyOf(watchers);
        this.batches = batches;
        this.store = store;
        this.readiness = readiness;
        this.inFlight = inFlight;
    }

    WebServer server() {
        return server;
    }

    Generations generations() {
        return generations;
    }

    BatchQueue batches() {
        return batches;
    }

    InFlight inFlight() {
        return inFlight;
    }

    /**
     * Stops at once: the batch queue first, while the server still answers (its queued requests are sent and
     * recorded, its waiting callers get {@code batch_pending}); then the server, which lets connections busy with
     * a request finish within the shutdown grace; then the watchers, the routers' pings and the store. Does nothing
     * the second time.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        batches.close();
        server.stop();
        closeTheRest();
    }

    /**
     * Stops by draining ({@link GracefulShutdown}): readiness down, new requests refused after the delay, the batch
     * queue submitted, requests in flight finished within the grace, then the listener and the rest closed.
     *
     * @param delay how long new requests are still served
     * @param grace how long requests in flight may take
     * @return the requests cut off by the end of the grace
     */
    int drain(Duration delay, Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return 0;
        }
        return new GracefulShutdown(readiness, inFlight, delay, grace).run(new GracefulShutdown.Steps() {
            @Override
            public void flushBatches() {
                batches.close();
            }

            @Override
            public void closeTheRest() {
                GatewayInstance.this.closeTheRest();
                server.stop();
            }
        });
    }

    private void closeTheRest() {
        for (AutoCloseable watcher : watchers) {
            try {
                watcher.close();
            } catch (Exception e) {
                LOG.warning(() -> "Closing a config watcher failed: " + e);
            }
        }
        generations.close();
        store.close();
    }
}

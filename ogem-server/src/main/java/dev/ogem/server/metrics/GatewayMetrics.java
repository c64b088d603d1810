package dev.ogem.server.metrics;

import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.AttemptListener;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.reload.ReloadStatus;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.Supplier;

/**
 * The metrics of one gateway instance: one Prometheus registry (never the global one, so that several
 * gateways in one JVM keep their own counts) and the pieces that feed and serve it.
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CompletionMetrics completions = new CompletionMetrics(registry);
    private final UpstreamAttempts attempts = new UpstreamAttempts(registry);

    private GatewayMetrics() {
    }

    /**
     * An empty set of metrics.
     *
     * @return the metrics
     */
    public static GatewayMetrics create() {
        return new GatewayMetrics();
    }

    /**
     * Publishes the shared state's health, read at each scrape.
     *
     * @param store the state store
     * @return this
     */
    public GatewayMetrics watch(StateStore store) {
        StateStoreGauges.register(registry, store);
        return this;
    }

    /**
     * Publishes the batch queue's depth, batches and counts, read at each scrape.
     *
     * @param batches the batch queue
     * @return this
     */
    public GatewayMetrics watch(BatchQueue batches) {
        BatchGauges.register(registry, batches);
        return this;
    }

    /**
     * Publishes what config reloading did, read at each scrape.
     *
     * @param reloads the reload status now
     * @return this
     */
    public GatewayMetrics watch(Supplier<ReloadStatus> reloads) {
        ReloadGauges.register(registry, reloads);
        return this;
    }

    /**
     * What the router tells about upstream attempts: counted here, and on the access record of the request
     * being served ({@link AccessRecord#current()}).
     *
     * @return the listener to give the router
     */
    public AttemptListener attempts() {
        return (route, outcome) -> {
            attempts.attempted(route, outcome);
            AccessRecord.current().ifPresent(record -> record.attempted(outcome));
        };
    }

    /**
     * Latency and cache outcomes of completions.
     *
     * @return the completion metrics
     */
    public CompletionMetrics completions() {
        return completions;
    }

    /**
     * A filter counting every request by route and status class; add it before authentication so that
     * refusals count too.
     *
     * @return the filter
     */
    public Filter requests() {
        return new RequestMetrics(registry);
    }

    /**
     * The {@code GET /observe/metrics} handler.
     *
     * @return the handler
     */
    public Handler page() {
        return new MetricsPage(registry);
    }
}

package dev.ogem.server.metrics;

import dev.ogem.routing.AttemptListener;
import dev.ogem.routing.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the router's upstream attempts as
 * {@code ogem_upstream_attempts_total{provider, region, model, outcome}}: configured names only, and the
 * outcomes of {@link AttemptListener}.
 */
final class UpstreamAttempts implements AttemptListener {

    private final MeterRegistry registry;

    UpstreamAttempts(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void attempted(Route route, String outcome) {
        Counter.builder("ogem.upstream.attempts")
                .description("Upstream attempts by endpoint and outcome")
                .tag("provider", route.provider())
                .tag("region", route.region())
                .tag("model", route.model())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}

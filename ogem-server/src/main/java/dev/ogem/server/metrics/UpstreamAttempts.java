package dev.ogem.server.metrics;

import dev.ogem.routing.AttemptListener;
import dev.ogem.routing.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the router's upstream attempts as
 * {@code ogem_upstream_attempts_total{provider, region, model, outcome}}: configured names only, and the
 * outcomes of {@link AttemptListener}. Each counter is registered on first use and then reused: building its
 * name and tags on every attempt cost more than the rest of the count.
 */
final class UpstreamAttempts implements AttemptListener {

    private final MeterRegistry registry;
    /** Per endpoint, its counters by outcome. */
    private final Map<Route, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    UpstreamAttempts(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void attempted(Route route, String outcome) {
        counters.computeIfAbsent(route, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> register(route, o))
                .increment();
    }

    private Counter register(Route route, String outcome) {
        return Counter.builder("ogem.upstream.attempts")
                .description("Upstream attempts by endpoint and outcome")
                .tag("provider", route.provider())
                .tag("region", route.region())
                .tag("model", route.model())
                .tag("outcome", outcome)
                .register(registry);
    }
}

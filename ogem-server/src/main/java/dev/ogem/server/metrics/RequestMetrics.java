package dev.ogem.server.metrics;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts requests as {@code ogem_requests_total{route, status}} once their response is sent. The route
 * is one of the gateway's own paths ({@code other} for anything else, so that scanned URLs add no
 * series); the status is its class ({@code 2xx} … {@code 5xx}).
 */
final class RequestMetrics implements Filter {

    private final MeterRegistry registry;
    /** Per route, its counters by status class (index 1 to 5), each registered on first use and then reused. */
    private final Map<String, AtomicReferenceArray<Counter>> counters = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String route = route(request.path().path());
        response.whenSent(() -> counter(route, response.status().code() / 100).increment());
        chain.proceed();
    }

    private Counter counter(String route, int statusClass) {
        if (statusClass < 1 || statusClass > 5) {
            return registry.counter("ogem.requests", "route", route, "status", statusClass + "xx");
        }
        AtomicReferenceArray<Counter> byClass = counters.computeIfAbsent(route, r -> new AtomicReferenceArray<>(6));
        Counter counter = byClass.get(statusClass);
        if (counter == null) {
            // registering is idempotent: a race registers nothing twice
            counter = registry.counter("ogem.requests", "route", route, "status", statusClass + "xx");
            byClass.set(statusClass, counter);
        }
        return counter;
    }

    static String route(String path) {
        return switch (path) {
            case "/v1/chat/completions", "/v1/embeddings", "/v1/models", "/v1/status", "/observe/metrics" -> path;
            default -> path.startsWith("/observe/health") ? "/observe/health" : "other";
        };
    }
}

package dev.ogem.server.metrics;

import dev.ogem.server.access.AccessRecord;
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
 * Counts requests as {@code ogem_requests_total{route, status, key}} once their response is sent. The route
 * is one of the gateway's own paths ({@code other} for anything else, so that scanned URLs add no
 * series); the status is its class ({@code 2xx} … {@code 5xx}); the key is the name of the client key the
 * request authenticated with ({@value #NO_KEY} for none: an open gateway, a refused key, or health), so
 * its series are as many as the configured keys.
 */
final class RequestMetrics implements Filter {

    /** The key label of a request that authenticated with no key. */
    static final String NO_KEY = "none";

    private final MeterRegistry registry;
    /** Per route and key name, its counters by status class (index 1 to 5), each registered on first use and then reused. */
    private final Map<String, AtomicReferenceArray<Counter>> counters = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String route = route(request.path().path());
        response.whenSent(() -> counter(route, AccessRecord.of(request).key().orElse(NO_KEY),
                response.status().code() / 100).increment());
        chain.proceed();
    }

    private Counter counter(String route, String key, int statusClass) {
        if (statusClass < 1 || statusClass > 5) {
            return registry.counter("ogem.requests", "route", route, "status", statusClass + "xx", "key", key);
        }
        AtomicReferenceArray<Counter> byClass = counters.computeIfAbsent(route + ' ' + key,
                r -> new AtomicReferenceArray<>(6));
        Counter counter = byClass.get(statusClass);
        if (counter == null) {
            // registering is idempotent: a race registers nothing twice
            counter = registry.counter("ogem.requests", "route", route, "status", statusClass + "xx", "key", key);
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

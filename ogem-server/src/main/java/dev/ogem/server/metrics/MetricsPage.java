package dev.ogem.server.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /observe/metrics}: the Prometheus text format (0.0.4), or OpenMetrics when the scraper
 * asks for {@code application/openmetrics-text}.
 */
final class MetricsPage implements Handler {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsPage(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        boolean openMetrics = request.headers().first(HeaderNames.ACCEPT)
                .map(accept -> accept.contains("application/openmetrics-text")).orElse(false);
        String contentType = openMetrics ? OPEN_METRICS : PROMETHEUS_TEXT;
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        response.send(registry.scrape(contentType).getBytes(StandardCharsets.UTF_8));
    }
}

package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.Router;
import dev.ogem.server.access.AccessLog;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.metrics.GatewayMetrics;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Assembles the HTTP surface around a router: request ids and the access log, request metrics, CORS, auth,
 * the OpenAI routes, health,
 * {@code /observe/metrics}, and one error handler that renders every failure as OpenAI error JSON.
 */
final class Gateway {


    private Gateway() {
    }

    /**
     * What the routes serve.
     *
     * @param catalog the configured models, for the model list
     * @param router  what answers completions
     * @param store   the shared state, for the status page
     * @param batches the batch queue, for the status page
     * @param metrics the instance's metrics
     */
    record Parts(Catalog catalog, Router router, StateStore store, BatchQueue batches, GatewayMetrics metrics) {
    }

    /**
     * The routes of the gateway.
     *
     * @param routing      the builder to add them to
     * @param parts        what they serve
     * @param config       the current config, read per request: client keys, the access log switch
     * @param maxBodyBytes the largest request body accepted
     */
    static void routing(HttpRouting.Builder routing, Parts parts, Supplier<GatewayConfig> config, long maxBodyBytes) {
        routing.addFilter(AccessLog.create(() -> config.get().access().accessLog()))
                .addFilter(parts.metrics().requests())
                .addFilter(new Cors(() -> config.get().access().corsOrigins()))
                .addFilter(new BearerAuth(config))
                .post("/v1/chat/completions", new ChatCompletions(new RequestReader(maxBodyBytes), parts.router(),
                        parts.metrics().completions(), new KeyQuota(parts.store(), () -> config.get().routing())))
                .get("/v1/models", new ModelList(parts.catalog()))
                .get("/v1/status", new StatusPage(parts.catalog(), parts.router(), parts.store(), parts.batches(),
                        () -> config.get().access().keys()))
                .get("/observe/metrics", parts.metrics().page())
                .error(OgemException.class, Gateway::fail)
                .error(RuntimeException.class, (request, response, error) ->
                        fail(request, response, GatewayException.of("The gateway failed unexpectedly.", error)));
    }

    private static void fail(ServerRequest request, ServerResponse response, OgemException error) {
        ErrorBodies.logIfBug(request.prologue().method().text() + " " + request.path().path(), error);
        AccessRecord.of(request).failed(error);
        ErrorBodies.send(response, error);
    }

    /**
     * Starts a server on a port.
     *
     * @param port      the port, 0 for any free one
     * @param health    readiness and liveness checks for {@code /observe/health}
     * @param routing   the routes, from {@link #routing}
     * @return the started server
     */
    static WebServer start(int port, List<HealthCheck> health, Consumer<HttpRouting.Builder> routing) {
        return WebServer.builder()
                .port(port)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .addFeature(ObserveFeature.just(HealthObserver.builder().details(true)
                        .addChecks(health.toArray(HealthCheck[]::new)).build()))
                .routing(builder -> {
                    routing.accept(builder);
                    builder.any((request, response) -> {
                        if (request.path().path().startsWith("/observe")) {
                            response.next();
                        } else {
                            CallerException unknown = CallerException.noSuchRoute(
                                    request.prologue().method().text() + " " + request.path().path());
                            AccessRecord.of(request).failed(unknown);
                            ErrorBodies.send(response, unknown);
                        }
                    });
                })
                .build()
                .start();
    }
}

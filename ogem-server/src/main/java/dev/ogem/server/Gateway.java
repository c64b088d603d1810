package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.Catalog;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.Router;
import dev.ogem.server.config.ClientLimits;
import dev.ogem.server.metrics.GatewayMetrics;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Assembles the HTTP surface around a router: request metrics, auth, the OpenAI routes, health,
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
     * @param gatewayKey   the key callers must send, if any
     * @param clients      the request body size, bodies in flight and read timeout
     */
    static void routing(HttpRouting.Builder routing, Parts parts, Optional<String> gatewayKey, ClientLimits clients) {
        routing.addFilter(parts.metrics().requests())
                .addFilter(new BearerAuth(gatewayKey))
                .post("/v1/chat/completions", new ChatCompletions(clients, parts.router(),
                        parts.metrics().completions()))
                .get("/v1/models", new ModelList(parts.catalog()))
                .get("/v1/status", new StatusPage(parts.catalog(), parts.router(), parts.store(), parts.batches()))
                .get("/observe/metrics", parts.metrics().page())
                .error(OgemException.class, Gateway::fail)
                .error(RuntimeException.class, (request, response, error) ->
                        fail(request, response, GatewayException.of("The gateway failed unexpectedly.", error)));
    }

    private static void fail(ServerRequest request, ServerResponse response, OgemException error) {
        ErrorBodies.logIfBug(request.prologue().method().text() + " " + request.path().path(), error);
        ErrorBodies.send(response, error);
    }

    /**
     * Starts a server on a port.
     *
     * @param port        the port, 0 for any free one
     * @param readTimeout the longest a client may send nothing while a request is read, and a connection stay idle
     * @param health      readiness and liveness checks for {@code /observe/health}
     * @param routing     the routes, from {@link #routing}
     * @return the started server
     */
    static WebServer start(int port, Duration readTimeout, List<HealthCheck> health,
                           Consumer<HttpRouting.Builder> routing) {
        return WebServer.builder()
                .port(port)
                .connectionOptions(options -> options.tcpNoDelay(true).readTimeout(readTimeout))
                .addFeature(ObserveFeature.just(HealthObserver.builder().details(true)
                        .addChecks(health.toArray(HealthCheck[]::new)).build()))
                .routing(builder -> {
                    routing.accept(builder);
                    builder.any((request, response) -> {
                        if (request.path().path().startsWith("/observe")) {
                            response.next();
                        } else {
                            ErrorBodies.send(response, CallerException.noSuchRoute(
                                    request.prologue().method().text() + " " + request.path().path()));
                        }
                    });
                })
                .build()
                .start();
    }
}

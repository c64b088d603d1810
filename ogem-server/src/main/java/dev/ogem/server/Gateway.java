package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.batch.BatchQueue;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.Router;
import dev.ogem.server.access.AccessLog;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.config.ClientLimits;
import dev.ogem.server.config.GatewayConfig;
import dev.ogem.server.lifecycle.InFlight;
import dev.ogem.server.messages.MessageErrors;
import dev.ogem.server.messages.MessagesApi;
import dev.ogem.server.metrics.GatewayMetrics;
import dev.ogem.server.reload.Generations;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Assembles the HTTP surface around a router: request ids and the access log, request metrics, CORS, auth,
 * the OpenAI routes, the Anthropic Messages routes ({@link MessagesApi}), health,
 * {@code /observe/metrics}, and one error handler that renders every failure as OpenAI error JSON.
 */
final class Gateway {


    private Gateway() {
    }

    /**
     * What the routes serve.
     *
     * @param generations the config in force and what is built from it; each request takes it once
     * @param store       the shared state, for the status page
     * @param batches     the batch queue, for the status page
     * @param metrics     the instance's metrics
     * @param inFlight    the count of requests being handled, for a drain
     * @param bodies      the request bytes held at once ({@code MAX_REQUEST_BYTES_IN_FLIGHT}), shared with the
     *                    provider clients' image downloads
     */
    record Parts(Generations generations, StateStore store, BatchQueue batches, GatewayMetrics metrics,
                 InFlight inFlight, BodyBudget bodies) {
    }

    /**
     * The routes of the gateway.
     *
     * @param routing      the builder to add them to
     * @param parts        what they serve
     * @param clients      the request body size, bodies in flight and read timeout
     */
    static void routing(HttpRouting.Builder routing, Parts parts, ClientLimits clients) {
        Generations generations = parts.generations();
        Supplier<GatewayConfig> config = () -> generations.current().config();
        Supplier<Router> routers = () -> generations.current().router();
        RequestReader reader = new RequestReader(clients, parts.bodies());
        KeyQuota quota = new KeyQuota(parts.store(), () -> config.get().routing());
        ChatCompletions completions = new ChatCompletions(reader, routers, parts.metrics().completions(), quota);
        routing.addFilter(AccessLog.create(() -> config.get().access().accessLog()))
                .addFilter(parts.metrics().requests())
                .addFilter(parts.inFlight())
                .addFilter(new Cors(() -> config.get().access().corsOrigins()))
                .addFilter(new BearerAuth(config,
                        path -> path.startsWith(MessagesApi.PREFIX) ? MessageErrors::send : ErrorBodies::send))
                .post("/v1/chat/completions", completions)
                .post("/v1/embeddings", new Embeddings(reader, routers, parts.metrics().completions(), quota));
        new MessagesApi(routers, parts.metrics().completions(), ChatCompletions::options, completions::describe,
                new GatewayIngress(reader, quota)).register(routing);
        routing.get("/v1/models", new ModelList(() -> config.get().catalog()))
                .get("/v1/status", new StatusPage(generations, parts.store(), parts.batches(),
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
     * @param port        the port, 0 for any free one
     * @param grace       how long a stopping server lets the connections it holds finish
     * @param readTimeout the longest a client may send nothing while a request is read, and a connection stay idle
     * @param health      readiness and liveness checks for {@code /observe/health} (and its {@code /live} and
     *                    {@code /ready})
     * @param routing     the routes, from {@link #routing}
     * @return the started server
     */
    static WebServer start(int port, Duration grace, Duration readTimeout, List<HealthCheck> health,
                           Consumer<HttpRouting.Builder> routing) {
        return configure(WebServer.builder().port(port).shutdownGracePeriod(grace).shutdownHook(false), readTimeout,
                health, routing).build().start();
    }

    /**
     * Sets up a server as {@link #start} does, on a builder whose port is set elsewhere (a test's).
     *
     * @param server      the server builder
     * @param readTimeout the longest a client may send nothing while a request is read
     * @param health      readiness and liveness checks for {@code /observe/health}
     * @param routing     the routes, from {@link #routing}
     * @return the builder
     */
    static WebServerConfig.Builder configure(WebServerConfig.Builder server, Duration readTimeout,
                                             List<HealthCheck> health, Consumer<HttpRouting.Builder> routing) {
        return server
                .connectionOptions(options -> options.tcpNoDelay(true).readTimeout(readTimeout))
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
                });
    }
}

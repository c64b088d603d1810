package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.quota.StateStore;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A {@link FallbackRouter} with its {@link Pinger}, which it stops on close. */
final class PingingRouter implements Router {

    private final Catalog catalog;
    private final HealthBoard health;
    private final FallbackRouter router;
    private final Pinger pinger;

    private PingingRouter(Catalog catalog, HealthBoard health, FallbackRouter router, Pinger pinger) {
        this.catalog = catalog;
        this.health = health;
        this.router = router;
        this.pinger = pinger;
    }

    static PingingRouter start(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store,
                               RouterSettings settings, Optional<BatchLane> batch, AttemptListener listener,
                               Optional<Router> predecessor) {
        HealthBoard health = predecessor.filter(PingingRouter.class::isInstance).map(PingingRouter.class::cast)
                .map(previous -> previous.health.carriedOver(previous.catalog, catalog))
                .orElseGet(HealthBoard::new);
        Pinger pinger = new Pinger(catalog, clients, store, health, new Feedback(store, health, settings), settings);
        if (catalog.pingInterval().isPositive()) {
            pinger.start(catalog.pingInterval());
        }
        return new PingingRouter(catalog, health, new FallbackRouter(catalog, clients, store, settings, health, batch, listener), pinger);
    }

    /** Pings every endpoint now (tests and start-up). */
    void pingAll() {
        pinger.pingAll();
    }

    @Override
    public Routed<ChatAnswer> answer(ChatRequest request, RouteOptions options) {
        return router.answer(request, options);
    }

    @Override
    public Routed<ChunkStream> stream(ChatRequest request, RouteOptions options) {
        return router.stream(request, options);
    }

    @Override
    public Routed<EmbeddingResponse> embed(EmbeddingRequest request, RouteOptions options) {
        return router.embed(request, options);
    }

    @Override
    public List<Route> routes(String model) {
        return router.routes(model);
    }

    @Override
    public List<EndpointStatus> status() {
        return router.status();
    }

    @Override
    public void close() {
        pinger.close();
    }
}

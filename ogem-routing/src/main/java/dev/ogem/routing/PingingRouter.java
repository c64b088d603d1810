package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.quota.StateStore;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A {@link FallbackRouter} with its {@link Pinger}, which it stops on close. */
final class PingingRouter implements Router {

    private final FallbackRouter router;
    private final Pinger pinger;

    private PingingRouter(FallbackRouter router, Pinger pinger) {
        this.router = router;
        this.pinger = pinger;
    }

    static PingingRouter start(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store,
                               RouterSettings settings, Optional<BatchLane> batch, AttemptListener listener) {
        HealthBoard health = new HealthBoard();
        Pinger pinger = new Pinger(catalog, clients, store, health, new Feedback(store, health, settings), settings);
        if (catalog.pingInterval().isPositive()) {
            pinger.start(catalog.pingInterval());
        }
        return new PingingRouter(new FallbackRouter(catalog, clients, store, settings, health, batch, listener), pinger);
    }

    /** Pings every endpoint now (tests and start-up). */
    void pingAll() {
        pinger.pingAll();
    }

    @Override
    public Routed<ChatResponse> complete(ChatRequest request, RouteOptions options) {
        return router.complete(request, options);
    }

    @Override
    public Routed<ChunkStream> stream(ChatRequest request, RouteOptions options) {
        return router.stream(request, options);
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

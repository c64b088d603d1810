package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.RateLimitListener;
import dev.ogem.quota.StateStore;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@link LlmClient} in front of every endpoint of a catalog. It reads the caller's model
 * string ({@code name}, {@code provider/model}, {@code provider/region/model}, or a chain
 * {@code a,b,c}), serves deterministic requests from the response cache, orders the matching
 * endpoints by measured latency and health, admits each call against the rpm/tpm of its bucket in the
 * shared {@link StateStore}, sends the request under the model's canonical name, and falls back to the
 * next endpoint or chain entry when one fails in a way another may not. It never waits unboundedly:
 * waits for quota stay within {@code retry_interval} and the request's deadline.
 */
public interface Router extends LlmClient, AutoCloseable {

    /**
     * A router with in-memory state, default settings and no pings.
     *
     * @param catalog the configured providers, regions and models
     * @param clients the client of each endpoint
     * @return the router
     */
    static Router create(Catalog catalog, Function<Endpoint, LlmClient> clients) {
        return new FallbackRouter(catalog, clients, StateStore.inMemory(InstantSource.system()),
                RouterSettings.defaults(), new HealthBoard());
    }

    /**
     * A router on shared state. When the catalog's {@code ping_interval} is positive, it pings every
     * endpoint at once and then every interval on a virtual thread, until {@link #close()}.
     *
     * @param catalog  the configured providers, regions and models
     * @param clients  the client of each endpoint
     * @param store    the state shared with other instances (quota, cooldowns, cache)
     * @param settings timeouts, defaults and the clock
     * @return the router
     */
    static Router create(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store,
                         RouterSettings settings) {
        return PingingRouter.start(catalog, clients, store, settings, Optional.empty(), AttemptListener.NONE);
    }

    /**
     * A router on shared state that sends {@code @batch} models through the OpenAI Batch API. A chain
     * entry goes that way when the caller's name for it, or the configured name it matches, ends with
     * {@code @batch} and the endpoint has a batch target ({@code openai} and custom providers); the
     * configured name without the suffix is sent. Such requests skip rpm/tpm admission and the cache,
     * wait at most the caller's deadline ({@code batch_pending} then, never a full-price fallback), and
     * cannot stream (400). On other providers a {@code @batch} name is sent unchanged, as any name.
     *
     * @param catalog  the configured providers, regions and models
     * @param clients  the client of each endpoint
     * @param store    the state shared with other instances (quota, cooldowns, cache)
     * @param settings timeouts, defaults and the clock
     * @param batch    the batch queue (owned by the caller) and the endpoints' batch targets
     * @return the router
     */
    static Router create(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store,
                         RouterSettings settings, BatchPath batch) {
        return create(catalog, clients, store, settings, batch, AttemptListener.NONE);
    }

    /**
     * A router as {@link #create(Catalog, Function, StateStore, RouterSettings, BatchPath)} that tells a
     * listener what became of every endpoint it tried.
     *
     * @param catalog  the configured providers, regions and models
     * @param clients  the client of each endpoint
     * @param store    the state shared with other instances (quota, cooldowns, cache)
     * @param settings timeouts, defaults and the clock
     * @param batch    the batch queue (owned by the caller) and the endpoints' batch targets
     * @param listener told the outcome of each upstream attempt
     * @return the router
     */
    static Router create(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store,
                         RouterSettings settings, BatchPath batch, AttemptListener listener) {
        return PingingRouter.start(catalog, clients, store, settings, Optional.of(batch), listener);
    }

    /**
     * The listener to give the provider clients ({@code ProviderSettings.withRateLimits}) so that an
     * upstream's exhausted rate-limit headers cool its bucket down fleet-wide until the reset.
     *
     * @param store the state shared with other instances
     * @return the listener
     */
    static RateLimitListener upstreamLimits(StateStore store) {
        return (endpoint, model, resetIn) -> Candidate.modelOf(endpoint, model)
                .ifPresent(spec -> store.coolDown(Candidate.limitKey(endpoint, spec), resetIn));
    }

    /**
     * Answers a request in one piece, saying which endpoint served it and what the cache did.
     *
     * @param request the request as the caller sent it
     * @param options the caller's deadline and cache wishes
     * @return the answer and its route
     */
    Routed<ChatResponse> complete(ChatRequest request, RouteOptions options);

    /**
     * Opens a stream, its first chunk already received, saying which endpoint serves it.
     *
     * @param request the request as the caller sent it
     * @param options the caller's deadline
     * @return the open stream and its route
     */
    Routed<ChunkStream> stream(ChatRequest request, RouteOptions options);

    @Override
    default ChatResponse complete(ChatRequest request) {
        return complete(request, RouteOptions.DEFAULT).value();
    }

    @Override
    default ChunkStream stream(ChatRequest request) {
        return stream(request, RouteOptions.DEFAULT).value();
    }

    /**
     * What routing knows about every endpoint now.
     *
     * @return one status per provider region, in config order
     */
    List<EndpointStatus> status();

    /** Stops the pings; the state store stays open (its owner closes it). */
    @Override
    void close();
}

package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderException;
import dev.ogem.api.RateLimitListener;
import dev.ogem.quota.StateStore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@link LlmClient} in front of every endpoint of a catalog. It reads the caller's model
 * string ({@code name}, {@code provider/model}, {@code provider/region/model}, or a chain
 * {@code a,b,c}), serves deterministic requests from the response cache, orders the matching
 * endpoints by measured latency and health, admits each call against the rpm/tpm of its bucket in the
 * shared {@link StateStore}, sends the request under the model's canonical name, and falls back to the
 * next endpoint or chain entry when one fails in a way another may not. It never waits unboundedly:
 * waits for quota stay within {@code retry_interval} and the request's deadline. Embeddings take the same
 * way, to the models that serve them ({@link dev.ogem.api.ModelKind}).
 */
public interface Router extends LlmClient, AutoCloseable {

    /**
     * A builder: catalog and clients are required; the rest has defaults.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * A router with in-memory state and default settings: {@code builder().catalog(catalog).clients(clients).build()}.
     *
     * @param catalog the configured providers, regions and models
     * @param clients the client of each endpoint
     * @return the router
     */
    static Router create(Catalog catalog, Function<Endpoint, LlmClient> clients) {
        return builder().catalog(catalog).clients(clients).build();
    }

    /**
     * The listener to give the provider clients ({@code ProviderSettings.Builder.rateLimits}) so that an
     * upstream's exhausted rate-limit headers cool its bucket down fleet-wide until the reset, for at most
     * {@link ProviderException#MAX_RETRY_AFTER} (a reset years away cools it for an hour; a
     * negative or zero one is ignored).
     *
     * @param store the state shared with other instances
     * @return the listener
     */
    static RateLimitListener upstreamLimits(StateStore store) {
        return (endpoint, model, resetIn) -> {
            if (resetIn.isNegative() || resetIn.isZero()) {
                return;
            }
            Candidate.modelOf(endpoint, model)
                    .ifPresent(spec -> store.coolDown(Candidate.limitKey(endpoint, spec), Feedback.capped(resetIn)));
        };
    }

    /**
     * The tokens the router would reserve for a request against a tpm limit (the prompt estimate plus the
     * output budget), for a caller that keeps limits of its own, such as a gateway's per-client-key budget.
     *
     * @param request  the request
     * @param settings the router's settings (their default output budget)
     * @return the estimate
     */
    static long estimatedTokens(ChatRequest request, RouterSettings settings) {
        return new TokenEstimator(settings.defaultOutputTokens()).reservation(request, request.model());
    }

    /**
     * The tokens the router would reserve for an embeddings request against a tpm limit (its input's estimate),
     * for a caller that keeps limits of its own.
     *
     * @param request  the request
     * @param settings the router's settings
     * @return the estimate
     * @throws dev.ogem.api.CallerException when its input is malformed
     */
    static long estimatedTokens(EmbeddingRequest request, RouterSettings settings) {
        return new TokenEstimator(settings.defaultOutputTokens()).embedding(request.inputs(), request.model());
    }

    /**
     * Answers a request in one piece, saying which endpoint served it and what the cache did. An
     * OpenAI-protocol upstream's answer (and a cached one) is held as its bytes, to be relayed as it is.
     *
     * @param request the request as the caller sent it
     * @param options the caller's deadline and cache wishes
     * @return the answer and its route
     */
    Routed<ChatAnswer> answer(ChatRequest request, RouteOptions options);

    /**
     * Answers a request in one piece as a record, saying which endpoint served it and what the cache did; for
     * a caller that reads or translates the answer ({@link #answer(ChatRequest, RouteOptions)} parsed).
     *
     * @param request the request as the caller sent it
     * @param options the caller's deadline and cache wishes
     * @return the answer and its route
     */
    default Routed<ChatResponse> complete(ChatRequest request, RouteOptions options) {
        Routed<ChatAnswer> answered = answer(request, options);
        return new Routed<>(answered.value().response(), answered.route(), answered.cache());
    }

    /**
     * Opens a stream, its first chunk already received, saying which endpoint serves it.
     *
     * @param request the request as the caller sent it
     * @param options the caller's deadline
     * @return the open stream and its route
     */
    Routed<ChunkStream> stream(ChatRequest request, RouteOptions options);

    /**
     * Embeds the input, saying which endpoint served it and what the cache did (embeddings are always cacheable).
     *
     * @param request the request as the caller sent it
     * @param options the caller's deadline and cache wishes
     * @return the embeddings and their route
     */
    Routed<EmbeddingResponse> embed(EmbeddingRequest request, RouteOptions options);

    @Override
    default EmbeddingResponse embed(EmbeddingRequest request) {
        return embed(request, RouteOptions.DEFAULT).value();
    }

    @Override
    default ChatResponse complete(ChatRequest request) {
        return complete(request, RouteOptions.DEFAULT).value();
    }

    @Override
    default ChatAnswer answer(ChatRequest request) {
        return answer(request, RouteOptions.DEFAULT).value();
    }

    @Override
    default ChunkStream stream(ChatRequest request) {
        return stream(request, RouteOptions.DEFAULT).value();
    }

    /**
     * The endpoints a model string resolves to, entry by entry of its chain and each entry's in config
     * order, without calling any (for a caller that must know what it would reach, such as a token count
     * that only some protocols answer).
     *
     * @param model the model string as a caller wrote it
     * @return the routes, at least one; an entry that matches nothing fails with {@code model_not_found}, as a
     *         completion would
     */
    List<Route> routes(String model);

    /**
     * What routing knows about every endpoint now.
     *
     * @return one status per provider region, in config order
     */
    List<EndpointStatus> status();

    /** Stops the pings; the state store stays open (its owner closes it). */
    @Override
    void close();

    /**
     * Builds a {@link Router}. When the catalog's {@code ping_interval} is positive, the router pings every
     * endpoint at once and then every interval on a virtual thread, until {@link Router#close()}.
     */
    final class Builder {
        private Catalog catalog;
        private Function<Endpoint, LlmClient> clients;
        private Optional<StateStore> store = Optional.empty();
        private RouterSettings settings = RouterSettings.builder().build();
        private Optional<BatchLane> batchLane = Optional.empty();
        private AttemptListener listener = AttemptListener.NONE;
        private Optional<Router> predecessor = Optional.empty();

        private Builder() {
        }

        /**
         * The configured providers, regions and models (required).
         *
         * @param catalog the catalog
         * @return this builder
         */
        public Builder catalog(Catalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * The client of each endpoint (required), such as {@code providers::client} of ogem-providers.
         *
         * @param clients the clients
         * @return this builder
         */
        public Builder clients(Function<Endpoint, LlmClient> clients) {
            this.clients = Objects.requireNonNull(clients, "clients");
            return this;
        }

        /**
         * The state shared with other instances: quota, cooldowns, cache (default: in memory, on the
         * settings' clock). The router does not close it.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(StateStore store) {
            this.store = Optional.of(store);
            return this;
        }

        /**
         * Timeouts, defaults and the clock (default: {@code RouterSettings.builder().build()}).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder settings(RouterSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sends {@code @batch} models through a batch lane (default: none, so a {@code @batch} name is sent
         * as any other). A chain entry goes there when the caller's name for it, or the configured name it
         * matches, ends with {@code @batch} and the lane serves the endpoint; the configured name without the
         * suffix is sent. Such requests skip rpm/tpm admission and the cache, wait at most the caller's
         * deadline ({@code batch_pending} then, never a full-price fallback), and cannot stream (400).
         *
         * @param lane the lane, owned by the caller
         * @return this builder
         */
        public Builder batchLane(BatchLane lane) {
            this.batchLane = Optional.of(lane);
            return this;
        }

        /**
         * Told what became of every endpoint the router tries (default: nobody).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder attemptListener(AttemptListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Makes the new router carry on from one it replaces (a config reload): every endpoint that is still
         * configured with the same provider, region, protocol and base URL keeps its measured latency, health
         * and failure run, shared with the old router while its calls finish. What lives in the state store
         * (quota windows, cooldowns, open circuits, the cache) is shared anyway when both use the same store.
         * The old router is not closed; its owner closes it.
         *
         * @param previous the router being replaced, built by a {@code Router.Builder}
         * @return this builder
         */
        public Builder successorOf(Router previous) {
            this.predecessor = Optional.of(previous);
            return this;
        }

        /**
         * The router; it starts pinging when the catalog asks for pings.
         *
         * @return the router
         * @throws IllegalStateException when the catalog or the clients are missing
         */
        public Router build() {
            if (catalog == null || clients == null) {
                throw new IllegalStateException("a router needs a catalog and clients");
            }
            return PingingRouter.start(catalog, clients, store.orElseGet(() -> StateStore.inMemory(settings.clock())),
                    settings, batchLane, listener, predecessor);
        }
    }
}

package dev.ogem.server;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.GatewayException;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.BatchLane;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code @batch} path: one {@link BatchQueue} on the shared state for the life of the process, over the Batch
 * API of every OpenAI-protocol endpoint of the config in force ({@link Providers#batches}, on the same base URL,
 * key and HTTP client as the endpoint's chat client), and the routers' {@link BatchLane} onto it: an endpoint with
 * a Batch API takes batches. A config reload changes the APIs the queue sends with, never its queued requests.
 * Its timing comes from the environment ({@code BATCH_FLUSH_INTERVAL}, {@code BATCH_POLL_INTERVAL}).
 */
final class BatchWiring implements BatchLane {

    private final Supplier<BatchQueue> queue;
    private final Supplier<Providers> providers;

    private BatchWiring(Supplier<BatchQueue> queue, Supplier<Providers> providers) {
        this.queue = queue;
        this.providers = providers;
    }

    /**
     * Opens the queue; it resumes polling the batches the store lists as submitted.
     *
     * @param store    the shared state
     * @param apis     the Batch APIs of the config in force, asked at each lookup
     * @param settings the flush and poll timing
     * @return the queue, owned by the caller
     */
    static BatchQueue open(StateStore store, Supplier<List<OpenAiBatches>> apis, BatchSettings settings) {
        return BatchQueue.create(store, apis, settings);
    }

    /**
     * The routers' batch lane onto a queue opened by {@link #open}.
     *
     * @param queue     the queue (asked at each call, as it is opened after the first router is built)
     * @param providers the provider clients of the config in force
     * @return the lane
     */
    static BatchLane lane(Supplier<BatchQueue> queue, Supplier<Providers> providers) {
        return new BatchWiring(queue, providers);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return api(endpoint).isPresent();
    }

    @Override
    public ChatResponse submit(Endpoint endpoint, String model, ChatRequest request, Duration maxWait) {
        OpenAiBatches api = api(endpoint).orElseThrow(() ->
                GatewayException.of("No Batch API for " + endpoint.label() + " in the config now in force."));
        return queue.get().submit(new BatchTarget(api.baseUrl(), model), request, maxWait);
    }

    /** The endpoint's Batch API in the config in force; empty when it has none or a reload removed it. */
    private Optional<OpenAiBatches> api(Endpoint endpoint) {
        try {
            return providers.get().batches(endpoint);
        } catch (IllegalArgumentException removed) {
            return Optional.empty();
        }
    }
}

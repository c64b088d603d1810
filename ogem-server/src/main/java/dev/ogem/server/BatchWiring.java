package dev.ogem.server;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.BatchLane;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code @batch} path: a {@link BatchQueue} on the shared state over the Batch API of every
 * OpenAI-protocol endpoint ({@link Providers#batches}, on the same base URL, key and HTTP client as the
 * endpoint's chat client), and the router's {@link BatchLane} onto it: an endpoint with a Batch API takes
 * batches. Its timing comes from the config ({@code BATCH_FLUSH_INTERVAL}, {@code BATCH_POLL_INTERVAL}).
 */
final class BatchWiring implements BatchLane {

    private final BatchQueue queue;
    private final Providers providers;

    private BatchWiring(BatchQueue queue, Providers providers) {
        this.queue = queue;
        this.providers = providers;
    }

    /**
     * Opens the queue; it resumes polling the batches the store lists as submitted.
     *
     * @param store     the shared state
     * @param catalog   the configured endpoints
     * @param providers their Batch APIs
     * @param settings  the flush and poll timing
     * @return the queue, owned by the caller
     */
    static BatchQueue open(StateStore store, Catalog catalog, Providers providers, BatchSettings settings) {
        return BatchQueue.create(store, catalog.endpoints().map(providers::batches).flatMap(Optional::stream).toList(),
                settings);
    }

    /**
     * The router's batch lane onto a queue opened by {@link #open}.
     *
     * @param queue     the queue
     * @param providers the endpoints' Batch APIs
     * @return the lane
     */
    static BatchLane lane(BatchQueue queue, Providers providers) {
        return new BatchWiring(queue, providers);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return providers.batches(endpoint).isPresent();
    }

    @Override
    public ChatResponse submit(Endpoint endpoint, String model, ChatRequest request, Duration maxWait) {
        OpenAiBatches api = providers.batches(endpoint).orElseThrow(() ->
                new IllegalArgumentException("no Batch API for " + endpoint.label()));
        return queue.submit(new BatchTarget(api.baseUrl(), model), request, maxWait);
    }
}

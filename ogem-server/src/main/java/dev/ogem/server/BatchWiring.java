package dev.ogem.server;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiAccess;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.BatchLane;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @batch} path: a {@link BatchQueue} on the shared state, and the router's {@link BatchLane} onto it.
 * OpenAI-protocol endpoints take batches; their base URL and key come from {@link Providers#openAiAccess} (the
 * one place they are resolved). Its timing comes from the config ({@code BATCH_FLUSH_INTERVAL},
 * {@code BATCH_POLL_INTERVAL}).
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
     * @param store       the shared state
     * @param catalog     the configured endpoints, for the keys of resumed batches
     * @param providers   where base URLs and keys come from
     * @param settings    the flush and poll timing
     * @return the queue, owned by the caller
     */
    static BatchQueue open(StateStore store, Catalog catalog, Providers providers, BatchSettings settings) {
        Map<URI, Optional<String>> keys = new HashMap<>();
        catalog.endpoints().forEach(endpoint -> providers.openAiAccess(endpoint)
                .ifPresent(access -> keys.putIfAbsent(access.baseUrl(), access.apiKey())));
        return BatchQueue.create(store, settings.withApiKeys(url -> keys.getOrDefault(url, Optional.empty())));
    }

    /**
     * The router's batch lane onto a queue.
     *
     * @param queue     the queue
     * @param providers where base URLs and keys come from
     * @return the lane
     */
    static BatchLane lane(BatchQueue queue, Providers providers) {
        return new BatchWiring(queue, providers);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return providers.openAiAccess(endpoint).isPresent();
    }

    @Override
    public ChatResponse submit(Endpoint endpoint, String model, ChatRequest request, Duration maxWait) {
        OpenAiAccess access = providers.openAiAccess(endpoint).orElseThrow(() ->
                new IllegalArgumentException("no batch lane for " + endpoint.label()));
        return queue.submit(new BatchTarget(access.baseUrl(), access.apiKey(), model), request, maxWait);
    }
}

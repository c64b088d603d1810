package dev.ogem.server;

import dev.ogem.api.Catalog;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.BatchPath;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @batch} path: a {@link BatchQueue} on the shared state, and the batch target of every
 * OpenAI-protocol endpoint, whose base URL and key come from {@link Providers#openAiAccess} (the one place
 * they are resolved). Its timing comes from the config ({@code BATCH_FLUSH_INTERVAL}, {@code BATCH_POLL_INTERVAL}).
 */
final class BatchWiring {

    private BatchWiring() {
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
     * The router's batch path: OpenAI-protocol endpoints take batches; others have no target.
     *
     * @param queue     the queue
     * @param providers where base URLs and keys come from
     * @return the path
     */
    static BatchPath path(BatchQueue queue, Providers providers) {
        return new BatchPath(queue, (endpoint, model) -> providers.openAiAccess(endpoint)
                .map(access -> new BatchTarget(access.baseUrl(), access.apiKey(), model)));
    }
}

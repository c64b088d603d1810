package dev.ogem.server;

import dev.ogem.api.Catalog;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchSettings;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.Providers;
import dev.ogem.quota.StateStore;
import dev.ogem.routing.BatchPath;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @batch} path: a {@link BatchQueue} on the shared state, and the batch target of every
 * OpenAI-protocol endpoint, whose base URL and key come from {@link Providers#openAiAccess} (the one place
 * they are resolved). Variables: {@code BATCH_FLUSH_INTERVAL} (a queue is flushed this long after its
 * first request, default {@code 10s}) and {@code BATCH_POLL_INTERVAL} (first wait between two polls of a
 * batch, doubling up to 30 s, default {@code 1s}); each a Go duration or seconds.
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
     * @param environment the variables
     * @return the queue, owned by the caller
     */
    static BatchQueue open(StateStore store, Catalog catalog, Providers providers, Map<String, String> environment) {
        Map<URI, Optional<String>> keys = new HashMap<>();
        catalog.endpoints().forEach(endpoint -> providers.openAiAccess(endpoint)
                .ifPresent(access -> keys.putIfAbsent(access.baseUrl(), access.apiKey())));
        BatchSettings defaults = BatchSettings.defaults();
        Duration poll = Durations.positive(environment, "BATCH_POLL_INTERVAL", defaults.pollFirst());
        BatchSettings settings = defaults
                .withFlushAfter(Durations.positive(environment, "BATCH_FLUSH_INTERVAL", defaults.flushAfter()))
                .withPolling(poll, poll.compareTo(defaults.pollMax()) > 0 ? poll : defaults.pollMax())
                .withApiKeys(url -> keys.getOrDefault(url, Optional.empty()));
        return BatchQueue.create(store, settings);
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

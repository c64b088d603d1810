package dev.ogem.batch.queue;

import dev.ogem.providers.OpenAiBatches;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Batch APIs a queue sends to, by base URL: a target and a stored job name an endpoint by it. */
final class Apis {
    private final Map<String, OpenAiBatches> byBaseUrl;

    private Apis(Map<String, OpenAiBatches> byBaseUrl) {
        this.byBaseUrl = byBaseUrl;
    }

    /** The first API of each base URL counts. */
    static Apis of(List<OpenAiBatches> apis) {
        Map<String, OpenAiBatches> byBaseUrl = new LinkedHashMap<>();
        apis.forEach(api -> byBaseUrl.putIfAbsent(api.baseUrl().toString(), api));
        return new Apis(Map.copyOf(byBaseUrl));
    }

    /** The API of a stored job's base URL, if this queue has one. */
    Optional<OpenAiBatches> of(String baseUrl) {
        return Optional.ofNullable(byBaseUrl.get(baseUrl));
    }

    /**
     * The API of a target's base URL.
     *
     * @throws IllegalArgumentException when the queue has none
     */
    OpenAiBatches require(URI baseUrl) {
        return of(baseUrl.toString()).orElseThrow(() -> new IllegalArgumentException(
                "the batch queue has no Batch API at " + baseUrl));
    }
}

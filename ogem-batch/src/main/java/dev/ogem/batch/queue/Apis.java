package dev.ogem.batch.queue;

import dev.ogem.providers.OpenAiBatches;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Batch APIs a queue sends to, by base URL: a target and a stored job name an endpoint by it. They are asked
 * for again at each lookup, so a queue that outlives a config reload sends with the endpoints (and keys) of the
 * config now in force.
 */
final class Apis {
    private final Supplier<List<OpenAiBatches>> apis;

    private Apis(Supplier<List<OpenAiBatches>> apis) {
        this.apis = apis;
    }

    /** The first API of each base URL counts. */
    static Apis of(Supplier<List<OpenAiBatches>> apis) {
        return new Apis(apis);
    }

    /** The API of a stored job's base URL, if this queue has one. */
    Optional<OpenAiBatches> of(String baseUrl) {
        Map<String, OpenAiBatches> byBaseUrl = new LinkedHashMap<>();
        apis.get().forEach(api -> byBaseUrl.putIfAbsent(api.baseUrl().toString(), api));
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

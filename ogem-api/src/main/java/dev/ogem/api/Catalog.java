package dev.ogem.api;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything the config says: providers, regions and models, and the gateway-wide intervals.
 *
 * @param providers     the providers in config order
 * @param retryInterval the longest a request may wait for quota; zero disables waiting
 * @param pingInterval  how often latency is measured; zero disables pings
 */
public record Catalog(List<ProviderSpec> providers, Duration retryInterval, Duration pingInterval) {

    /** Copies the list. */
    public Catalog {
        providers = Lists.orEmpty(providers);
    }

    /**
     * Every provider region.
     *
     * @return the endpoints in config order
     */
    public Stream<Endpoint> endpoints() {
        return providers.stream().flatMap(p -> p.regions().stream().map(r -> new Endpoint(p, r)));
    }
}

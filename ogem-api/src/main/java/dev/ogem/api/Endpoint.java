package dev.ogem.api;

/**
 * One region of one provider: the unit that gets a client, a latency and a cooldown.
 *
 * @param provider the provider
 * @param region   the region
 */
public record Endpoint(ProviderSpec provider, RegionSpec region) {

    /**
     * A short label for logs and headers.
     *
     * @return {@code provider/region}
     */
    public String label() {
        return provider.name() + "/" + region.name();
    }
}

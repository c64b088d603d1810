package dev.ogem.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A configured provider.
 *
 * @param name      the key under {@code providers}
 * @param kind      what the name stands for
 * @param baseUrl   an endpoint replacing the built-in one
 * @param apiKeyEnv the variable holding a custom provider's key; empty when it needs none
 * @param regions   its real regions
 */
public record ProviderSpec(String name, ProviderKind kind, Optional<URI> baseUrl, Optional<String> apiKeyEnv,
                           List<RegionSpec> regions) {

    /** Copies the list. */
    public ProviderSpec {
        regions = Lists.orEmpty(regions);
    }
}

package dev.ogem.api;

import java.util.List;

/**
 * A real region of a provider with its models, the {@code default} template already merged in.
 *
 * @param name   the region name (for single-region providers, the provider's own name)
 * @param models the models served there, template models first
 */
public record RegionSpec(String name, List<ModelSpec> models) {

    /** Copies the list. */
    public RegionSpec {
        models = Lists.orEmpty(models);
    }
}

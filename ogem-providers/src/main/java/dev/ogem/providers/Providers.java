package dev.ogem.providers;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;

import java.util.Optional;

/**
 * Clients for every endpoint of a catalog, each speaking its provider's wire protocol, and the
 * {@link OpenAiBatches Batch API} of the OpenAI-protocol ones. Usable on its own as a multi-provider Java client.
 */
public interface Providers {

    /**
     * Builds a client for every endpoint of the catalog.
     *
     * @param catalog  the providers and regions
     * @param settings keys, timeouts and network limits
     * @return the clients
     * @throws IllegalArgumentException when an endpoint cannot be served (names the provider)
     */
    static Providers create(Catalog catalog, ProviderSettings settings) {
        return new CatalogProviders(catalog, settings);
    }

    /**
     * The client of one endpoint.
     *
     * @param endpoint an endpoint of the catalog this was created with
     * @return its client
     * @throws IllegalArgumentException for an endpoint that is not in the catalog
     */
    LlmClient client(Endpoint endpoint);

    /**
     * The Files and Batches API of an OpenAI-protocol endpoint, on the same base URL, key and HTTP client
     * as its chat client, for batch jobs of chat completions.
     *
     * @param endpoint an endpoint of the catalog this was created with
     * @return its Batch API for {@code openai} and custom providers; empty for every other protocol
     * @throws IllegalArgumentException for an endpoint that is not in the catalog
     */
    Optional<OpenAiBatches> batches(Endpoint endpoint);
}

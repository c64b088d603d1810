package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;

import java.util.function.Function;

/**
 * An {@link LlmClient} in front of every endpoint of a catalog. It reads the caller's model
 * string ({@code name}, {@code provider/model}, {@code provider/region/model}, or a chain
 * {@code a,b,c}), sends the request to matching endpoints under the model's canonical name, and
 * falls back to the next endpoint or chain entry when one fails in a way another may not.
 */
public interface Router extends LlmClient {

    /**
     * Creates a router.
     *
     * @param catalog the configured providers, regions and models
     * @param clients the client of each endpoint
     * @return the router
     */
    static Router create(Catalog catalog, Function<Endpoint, LlmClient> clients) {
        return new FallbackRouter(catalog, clients);
    }
}

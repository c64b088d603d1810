package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;

import java.util.List;
import java.util.Optional;

/**
 * An endpoint that can answer a query, and the model it knows the query by.
 *
 * @param endpoint the provider region
 * @param model    the configured model (its name is what goes upstream)
 */
record Candidate(Endpoint endpoint, ModelSpec model) {

    /**
     * Every endpoint of the catalog that serves the query, in config order.
     *
     * @param catalog the catalog
     * @param query   one entry of a model string
     * @return the candidates, possibly none
     */
    static List<Candidate> matching(Catalog catalog, ModelQuery query) {
        return catalog.endpoints()
                .filter(e -> query.provider().map(e.provider().name()::equals).orElse(true))
                .filter(e -> query.region().map(e.region().name()::equals).orElse(true))
                .flatMap(e -> modelOf(e, query.model()).map(m -> new Candidate(e, m)).stream())
                .toList();
    }

    private static Optional<ModelSpec> modelOf(Endpoint endpoint, String requested) {
        return endpoint.region().models().stream().filter(m -> m.answersTo(requested)).findFirst();
    }
}

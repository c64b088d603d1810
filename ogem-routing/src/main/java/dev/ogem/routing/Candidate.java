package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderException;
import dev.ogem.quota.Bucket;
import dev.ogem.quota.Limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An endpoint that can answer a query, and the model it knows the query by.
 *
 * @param endpoint the provider region
 * @param model    the configured model (its name is what goes upstream)
 * @param index    its position among the query's matches in config order (the last tie-breaker)
 */
record Candidate(Endpoint endpoint, ModelSpec model, int index) {

    /**
     * Every endpoint of the catalog that serves the query, in config order.
     *
     * @param catalog the catalog
     * @param query   one entry of a model string
     * @return the candidates, possibly none
     */
    static List<Candidate> matching(Catalog catalog, ModelQuery query) {
        List<Candidate> found = new ArrayList<>();
        catalog.endpoints()
                .filter(e -> query.provider().map(e.provider().name()::equals).orElse(true))
                .filter(e -> query.region().map(e.region().name()::equals).orElse(true))
                .forEach(e -> modelOf(e, query.model()).ifPresent(m -> found.add(new Candidate(e, m, found.size()))));
        return List.copyOf(found);
    }

    /** The rpm/tpm bucket: provider, region and the model's rate key. */
    Bucket bucket() {
        return bucket(endpoint, model);
    }

    /** The model's limits. */
    Limits limits() {
        return new Limits(model.rpm(), model.tpm());
    }

    /** The cooldown key of this bucket, set by upstream 429s and exhausted rate-limit headers. */
    String limitKey() {
        return limitKey(endpoint, model);
    }

    /** The cooldown key of the endpoint's open circuit. */
    String circuitKey() {
        return circuitKey(endpoint);
    }

    /** The cooldown key set when the endpoint answered that it does not know this model (404). */
    String refusedKey() {
        return "refused:" + bucket();
    }

    /**
     * The error of a candidate left out because its endpoint refused the gateway's credentials (401/403).
     *
     * @param remaining how long it is left out
     * @return a 502 {@code upstream_auth_failed} naming the provider
     */
    ProviderException credentialsRefused(Duration remaining) {
        return ProviderException.of(ProviderException.Kind.AUTH, "The provider '" + endpoint.provider().name()
                + "' (region '" + endpoint.region().name() + "') refused the gateway's credentials; it is left out for "
                + Misses.seconds(remaining) + " s. Check its API key or permissions.");
    }

    /**
     * The error of a candidate left out because its endpoint did not know the configured model (404).
     *
     * @param remaining how long it is left out
     * @return a 502 {@code upstream_model_not_found} naming the provider and the model
     */
    ProviderException modelUnknown(Duration remaining) {
        return ProviderException.of(ProviderException.Kind.NOT_FOUND, "The provider '" + endpoint.provider().name()
                + "' (region '" + endpoint.region().name() + "') does not know the model '" + model.name()
                + "' the gateway is configured with; it is left out for " + Misses.seconds(remaining)
                + " s. Check the model id and base_url.");
    }

    static String circuitKey(Endpoint endpoint) {
        return "circuit:" + endpoint.label();
    }

    /** The route naming this candidate in response headers. */
    Route route() {
        return new Route(endpoint.provider().name(), endpoint.region().name(), model.name());
    }

    static Bucket bucket(Endpoint endpoint, ModelSpec model) {
        return new Bucket(endpoint.provider().name(), endpoint.region().name(), model.rateKey());
    }

    static String limitKey(Endpoint endpoint, ModelSpec model) {
        return "limit:" + bucket(endpoint, model);
    }

    static Optional<ModelSpec> modelOf(Endpoint endpoint, String requested) {
        return endpoint.region().models().stream().filter(m -> m.answersTo(requested)).findFirst();
    }
}

package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;
import dev.ogem.quota.Limits;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.WindowUsage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link EndpointStatus} of every endpoint from the health board and the shared state
 * (cooldowns, open circuits, and what each limited bucket has used in its window).
 */
final class StatusReport {

    private StatusReport() {
    }

    static List<EndpointStatus> of(Catalog catalog, StateStore store, HealthBoard health, RouterSettings settings) {
        Instant now = settings.clock().instant();
        return catalog.endpoints().map(endpoint -> one(endpoint, store, health.of(endpoint), settings, now)).toList();
    }

    /** A model's limits, what its bucket has left in the window now (unlimited buckets are not read), and its cooldown. */
    private static EndpointStatus.ModelStatus model(Endpoint endpoint, ModelSpec model, StateStore store) {
        Limits limits = new Limits(model.rpm(), model.tpm());
        WindowUsage used = limits.unlimited() ? WindowUsage.NONE : store.used(Candidate.bucket(endpoint, model));
        return new EndpointStatus.ModelStatus(model.name(), model.otherNames(), model.rateKey(), model.rpm(),
                model.tpm(), store.cooldownRemaining(Candidate.limitKey(endpoint, model)),
                used.remainingRequests(limits), used.remainingTokens(limits));
    }

    private static EndpointStatus one(Endpoint endpoint, StateStore store, EndpointHealth health,
                                      RouterSettings settings, Instant now) {
        List<EndpointStatus.ModelStatus> models = endpoint.region().models().stream()
                .map(m -> model(endpoint, m, store))
                .toList();
        Optional<Duration> circuit = store.cooldownRemaining(Candidate.circuitKey(endpoint));
        String word = circuit.isPresent() ? "circuit_open"
                : health.unhealthy(now, settings.failurePenalty()) ? "unhealthy"
                : health.latency().isEmpty() ? "unknown" : "healthy";
        return new EndpointStatus(endpoint.provider().name(), endpoint.region().name(), models, health.latency(),
                health.lastChecked(), word, circuit, health.consecutiveFailures(), health.inFlight().get());
    }
}

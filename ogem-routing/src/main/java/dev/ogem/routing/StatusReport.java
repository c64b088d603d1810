package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the {@link EndpointStatus} of every endpoint from the health board and the shared cooldowns. */
final class StatusReport {

    private StatusReport() {
    }

    static List<EndpointStatus> of(Catalog catalog, StateStore store, HealthBoard health, RouterSettings settings) {
        Instant now = settings.clock().instant();
        return catalog.endpoints().map(endpoint -> one(endpoint, store, health.of(endpoint), settings, now)).toList();
    }

    private static EndpointStatus one(Endpoint endpoint, StateStore store, EndpointHealth health,
                                      RouterSettings settings, Instant now) {
        List<EndpointStatus.ModelStatus> models = endpoint.region().models().stream()
                .map(m -> new EndpointStatus.ModelStatus(m.name(), m.otherNames(), m.rateKey(), m.rpm(), m.tpm(),
                        store.cooldownRemaining(Candidate.limitKey(endpoint, m))))
                .toList();
        Optional<Duration> circuit = store.cooldownRemaining(Candidate.circuitKey(endpoint));
        String word = circuit.isPresent() ? "circuit_open"
                : health.unhealthy(now, settings.failurePenalty()) ? "unhealthy"
                : health.latency().isEmpty() ? "unknown" : "healthy";
        return new EndpointStatus(endpoint.provider().name(), endpoint.region().name(), models, health.latency(),
                health.lastChecked(), word, circuit, health.consecutiveFailures());
    }
}

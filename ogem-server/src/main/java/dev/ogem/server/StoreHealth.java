package dev.ogem.server;

import dev.ogem.quota.StateStore;
import dev.ogem.quota.StoreStatus;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Readiness of the shared state. A Valkey outage degrades ogem (each instance limits on its own) but
 * does not stop it serving, so a degraded store stays {@code UP} and says so in the details. Health is open
 * to anyone, so it shows no more than the mode, whether it is degraded and how many operations ran locally:
 * why (the Valkey address and the client's error) is logged when the outage starts and shown on
 * {@code /v1/status}, behind the gateway key.
 */
final class StoreHealth implements HealthCheck {

    private final StateStore store;

    StoreHealth(StateStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "state-store";
    }

    @Override
    public HealthCheckResponse call() {
        StoreStatus status = store.status();
        return HealthCheckResponse.builder()
                .status(HealthCheckResponse.Status.UP)
                .detail("mode", status.mode())
                .detail("degraded", status.degraded())
                .detail("fallbacks", status.fallbacks())
                .build();
    }
}

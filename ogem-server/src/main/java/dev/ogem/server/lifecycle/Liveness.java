package dev.ogem.server.lifecycle;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Whether the process is alive: {@code UP} whenever it can answer at all, draining included (a restart would
 * only cut the streams the drain lets finish). Problems that need traffic elsewhere, not a restart, are readiness.
 */
public final class Liveness implements HealthCheck {

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(HealthCheckResponse.Status.UP).build();
    }
}

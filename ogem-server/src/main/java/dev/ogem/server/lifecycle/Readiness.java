package dev.ogem.server.lifecycle;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this instance wants new requests: {@code UP} while it serves, {@code DOWN} from the moment a shutdown
 * starts, so that a load balancer or Kubernetes stops sending before the listener closes.
 */
public final class Readiness implements HealthCheck {

    private final AtomicBoolean draining = new AtomicBoolean();

    /** Turns readiness down for good. */
    public void drain() {
        draining.set(true);
    }

    /**
     * Whether a shutdown has started.
     *
     * @return true once {@link #drain()} was called
     */
    public boolean draining() {
        return draining.get();
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "accepting";
    }

    @Override
    public HealthCheckResponse call() {
        boolean down = draining.get();
        return HealthCheckResponse.builder()
                .status(down ? HealthCheckResponse.Status.DOWN : HealthCheckResponse.Status.UP)
                .detail("draining", down)
                .build();
    }
}

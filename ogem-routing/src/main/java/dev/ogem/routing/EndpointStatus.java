package dev.ogem.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What routing knows about one provider region, for {@code GET /v1/status}.
 *
 * @param provider    the provider name
 * @param region      the region name
 * @param models      the region's models with their limits, remaining quota and cooldowns
 * @param latency     the moving average of pings and real traffic; empty until measured
 * @param lastChecked when a ping or a call last told us something
 * @param health      {@code healthy}, {@code unknown} (never measured), {@code unhealthy} (last ping failed or a
 *                    recent failure) or {@code circuit_open}
 * @param circuitOpen how long the circuit stays open
 * @param failures    the current run of consecutive failures seen by this instance
 * @param inFlight    calls this instance has open to the endpoint, streams until they end; each holds one
 *                    reservation until it is settled or released
 */
public record EndpointStatus(String provider, String region, List<ModelStatus> models, Optional<Duration> latency,
                             Optional<Instant> lastChecked, String health, Optional<Duration> circuitOpen,
                             int failures, int inFlight) {

    /** Checks for nulls and copies the list. */
    public EndpointStatus {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        models = List.copyOf(models);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(lastChecked, "lastChecked");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(circuitOpen, "circuitOpen");
    }

    /**
     * One model of a region.
     *
     * @param name      the canonical name
     * @param otherNames its aliases
     * @param rateKey   the bucket its limits count in
     * @param rpm       requests per minute, 0 for unlimited
     * @param tpm       tokens per minute, 0 for unlimited
     * @param cooldown  how long its bucket still cools down after an upstream rate limit
     * @param remainingRpm requests its bucket still admits in the window ending now; empty when rpm is unlimited
     * @param remainingTpm tokens its bucket still admits in the window ending now; empty when tpm is unlimited
     */
    public record ModelStatus(String name, List<String> otherNames, String rateKey, long rpm, long tpm,
                              Optional<Duration> cooldown, OptionalLong remainingRpm, OptionalLong remainingTpm) {
        /** Checks for nulls and copies the list. */
        public ModelStatus {
            Objects.requireNonNull(name, "name");
            otherNames = List.copyOf(otherNames);
            Objects.requireNonNull(rateKey, "rateKey");
            Objects.requireNonNull(cooldown, "cooldown");
            Objects.requireNonNull(remainingRpm, "remainingRpm");
            Objects.requireNonNull(remainingTpm, "remainingTpm");
        }
    }
}

package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What an attempt's outcome teaches: latency and health on success; on failure a fleet-wide cooldown
 * of the bucket for an upstream 429 (its {@code Retry-After}, else the default), a fleet-wide open
 * circuit after a run of endpoint failures (5xx, overload, timeout, unreachable, garbage), and at once for
 * a refusal of the gateway's credentials (401/403: they are the endpoint's, so every model of it is left
 * out); a 404 for the configured model leaves out that model of the endpoint alone, for as long. These are
 * configuration faults an operator must fix; until then the endpoint is tried once per {@code circuitOpen}.
 */
final class Feedback {

    private static final Logger LOG = Logger.getLogger(Feedback.class.getName());

    private final StateStore store;
    private final HealthBoard health;
    private final RouterSettings settings;

    Feedback(StateStore store, HealthBoard health, RouterSettings settings) {
        this.store = store;
        this.health = health;
        this.settings = settings;
    }

    /**
     * An upstream's wait as a cooldown: at most {@link ProviderException#MAX_RETRY_AFTER}, whoever reported it
     * (a client of another library may not cap it), so that no upstream cools a bucket for the fleet for long.
     *
     * @param wait the wait asked for, not negative
     * @return the wait, cut to one hour
     */
    static Duration capped(Duration wait) {
        return wait.compareTo(ProviderException.MAX_RETRY_AFTER) > 0 ? ProviderException.MAX_RETRY_AFTER : wait;
    }

    void succeeded(Candidate candidate, Optional<Duration> latency) {
        health.of(candidate.endpoint()).succeeded(latency, settings.clock().instant());
    }

    /**
     * Records a failed attempt.
     *
     * @param candidate the candidate
     * @param e         how it failed
     * @param misses    where a throttle wait is noted
     */
    void failed(Candidate candidate, ProviderException e, Misses misses) {
        misses.failed(e);
        switch (e.kind()) {
            case RATE_LIMITED -> {
                Duration wait = capped(e.retryAfter().filter(d -> !d.isZero() && !d.isNegative())
                        .orElse(settings.rateLimitCooldown()));
                store.coolDown(candidate.limitKey(), wait);
                misses.throttled(wait);
            }
            case SERVER_ERROR, OVERLOADED, TIMEOUT, UNREACHABLE, BAD_RESPONSE -> {
                int run = health.of(candidate.endpoint()).failed(settings.clock().instant());
                if (run >= settings.circuitFailures()) {
                    store.coolDown(candidate.circuitKey(), settings.circuitOpen());
                    LOG.log(Level.WARNING, () -> candidate.endpoint().label() + " failed " + run
                            + " times in a row (" + e.kind() + "): circuit open for " + settings.circuitOpen());
                }
            }
            case AUTH -> {
                health.of(candidate.endpoint()).credentialsRefused(settings.clock().instant(), settings.circuitFailures());
                store.coolDown(candidate.circuitKey(), settings.circuitOpen());
                LOG.log(Level.WARNING, () -> candidate.endpoint().label() + " refused the gateway's credentials: circuit"
                        + " open for " + settings.circuitOpen());
            }
            case NOT_FOUND -> {
                store.coolDown(candidate.refusedKey(), settings.circuitOpen());
                LOG.log(Level.WARNING, () -> candidate.endpoint().label() + " does not know the configured model '"
                        + candidate.model().name() + "': left out for " + settings.circuitOpen());
            }
            default -> {
                // the caller's request: says nothing about the endpoint's health
            }
        }
    }
}

package dev.ogem.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this instance has learnt about one endpoint (provider + region): its latency as an
 * exponentially weighted moving average of pings and real traffic, whether its last ping failed,
 * its run of consecutive failures, and how many calls are in flight to it.
 */
final class EndpointHealth {

    /** Weight of a new latency sample in the moving average. */
    static final double ALPHA = 0.3;

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean trial = new AtomicBoolean();
    private double latencyMillis = Double.NaN;
    private Instant lastChecked;
    private boolean pingFailed;
    private int consecutiveFailures;
    private Instant lastFailure;
    private boolean credentialsRefused;

    /**
     * A latency sample from a ping or a successful call; a success also ends a failure run.
     *
     * @param latency the sample
     * @param now     when it was taken
     */
    void succeeded(Optional<Duration> latency, Instant now) {
        lock.lock();
        try {
            latency.ifPresent(sample -> {
                double millis = sample.toNanos() / 1e6;
                latencyMillis = Double.isNaN(latencyMillis) ? millis : ALPHA * millis + (1 - ALPHA) * latencyMillis;
            });
            lastChecked = now;
            pingFailed = false;
            consecutiveFailures = 0;
            credentialsRefused = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A ping that failed: the endpoint is unhealthy until something succeeds; its latency is kept.
     *
     * @param now when
     */
    void pingFailed(Instant now) {
        lock.lock();
        try {
            lastChecked = now;
            pingFailed = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A call that failed in a way that says the endpoint is in trouble (5xx, timeout, unreachable).
     *
     * @param now when
     * @return the length of the failure run, this one included
     */
    int failed(Instant now) {
        lock.lock();
        try {
            lastFailure = now;
            return ++consecutiveFailures;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A call the endpoint refused for the gateway's own credentials (401/403): it is unhealthy at once, and the
     * failure run is at least {@code circuitFailures}, so that once its circuit closes one trial call decides.
     *
     * @param now             when
     * @param circuitFailures the run length that opens a circuit
     */
    void credentialsRefused(Instant now, int circuitFailures) {
        lock.lock();
        try {
            lastFailure = now;
            consecutiveFailures = Math.max(consecutiveFailures + 1, circuitFailures);
            credentialsRefused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the endpoint's last failure was a refusal of the gateway's credentials, with no success since. */
    boolean credentialsRefused() {
        lock.lock();
        try {
            return credentialsRefused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether routing should put this endpoint behind the healthy ones: its last ping failed, or it failed
     * within the penalty.
     *
     * @param now     the time
     * @param penalty how long one failure counts
     * @return true when unhealthy
     */
    boolean unhealthy(Instant now, Duration penalty) {
        lock.lock();
        try {
            return pingFailed || consecutiveFailures > 0 && lastFailure.plus(penalty).isAfter(now);
        } finally {
            lock.unlock();
        }
    }

    /** The failure run length. */
    int consecutiveFailures() {
        lock.lock();
        try {
            return consecutiveFailures;
        } finally {
            lock.unlock();
        }
    }

    /** The average latency, empty until measured. */
    Optional<Duration> latency() {
        lock.lock();
        try {
            return Double.isNaN(latencyMillis) ? Optional.empty()
                    : Optional.of(Duration.ofNanos((long) (latencyMillis * 1e6)));
        } finally {
            lock.unlock();
        }
    }

    /** When a ping or a call last told us something. */
    Optional<Instant> lastChecked() {
        lock.lock();
        try {
            return Optional.ofNullable(lastChecked);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the last ping failed. */
    boolean lastPingFailed() {
        lock.lock();
        try {
            return pingFailed;
        } finally {
            lock.unlock();
        }
    }

    /** Calls in flight from this instance. */
    AtomicInteger inFlight() {
        return inFlight;
    }

    /** The half-open trial slot: only one trial call at a time. */
    AtomicBoolean trial() {
        return trial;
    }
}

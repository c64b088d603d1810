package dev.ogem.server.config;

import java.time.Duration;

/**
 * Settings of the running process rather than of routing: read from the environment once at start, kept across
 * config reloads.
 *
 * @param configPollInterval how often a config URL is asked whether it changed ({@code CONFIG_POLL_INTERVAL},
 *                           default 30s)
 * @param shutdownGrace      how long requests and streams in flight may take to finish after SIGTERM
 *                           ({@code SHUTDOWN_GRACE}, default 30s)
 * @param shutdownDelay      how long after SIGTERM new requests are still served while readiness is already
 *                           down, so that a load balancer notices first ({@code SHUTDOWN_DELAY}, default a sixth
 *                           of the grace, at most 5 s; shorter than the grace)
 */
public record ProcessSettings(Duration configPollInterval, Duration shutdownGrace, Duration shutdownDelay) {

    /** The default of {@code CONFIG_POLL_INTERVAL}. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    /** The default of {@code SHUTDOWN_GRACE}. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** The longest default delay before the listener closes. */
    public static final Duration MAX_SHUTDOWN_DELAY = Duration.ofSeconds(5);
}

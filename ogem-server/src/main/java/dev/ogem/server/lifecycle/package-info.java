/**
 * Health and shutdown: liveness and readiness for {@code /observe/health/live} and {@code /observe/health/ready},
 * the count of requests in flight, and the drain that SIGTERM starts
 * ({@link dev.ogem.server.lifecycle.GracefulShutdown}).
 */
package dev.ogem.server.lifecycle;

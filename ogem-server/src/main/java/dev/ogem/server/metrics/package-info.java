/**
 * Prometheus metrics for {@code GET /observe/metrics}, on Micrometer's Prometheus registry: requests,
 * completion latency, upstream attempts, the response cache, the shared state store and the batch queue.
 * Every label is low-cardinality (route, status class, configured provider, region and model, outcome);
 * keys and prompt text never appear.
 */
package dev.ogem.server.metrics;

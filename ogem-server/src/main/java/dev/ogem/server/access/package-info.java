/**
 * The access log: one JSON line per request on the {@code ogem.access} logger (request id, client key name,
 * route, model asked and served, status, error code, latency, time to first token, tokens, cache, attempts),
 * never a key and never prompt or answer text.
 */
package dev.ogem.server.access;

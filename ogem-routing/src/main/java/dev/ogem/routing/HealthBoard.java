package dev.ogem.routing;

import dev.ogem.api.Endpoint;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link EndpointHealth} of every endpoint, by {@code provider/region}. Not final so that a test can watch
 * (and disturb) the reads.
 */
class HealthBoard {

    private final ConcurrentMap<String, EndpointHealth> endpoints = new ConcurrentHashMap<>();

    EndpointHealth of(Endpoint endpoint) {
        return endpoints.computeIfAbsent(endpoint.label(), label -> new EndpointHealth());
    }
}

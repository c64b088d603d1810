package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;

import java.util.Objects;
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

    /**
     * A board for a new catalog that shares this board's entries of the endpoints the new catalog still has
     * unchanged: the same provider and region name, the same protocol and the same base URL. Their latency,
     * health, failure run and in-flight count go on (shared, so calls still running on the old router update
     * them too); a region whose provider moved to another URL or protocol starts unmeasured, as does a new one.
     * Models and limits may change without losing what was measured: latency belongs to the endpoint.
     *
     * @param before the catalog this board was measured on
     * @param after  the new catalog
     * @return the new board
     */
    HealthBoard carriedOver(Catalog before, Catalog after) {
        HealthBoard next = new HealthBoard();
        after.endpoints().forEach(endpoint -> before.endpoints()
                .filter(old -> old.label().equals(endpoint.label()) && sameConnection(old, endpoint))
                .findFirst()
                .map(old -> endpoints.get(old.label()))
                .ifPresent(health -> next.endpoints.put(endpoint.label(), health)));
        return next;
    }

    private static boolean sameConnection(Endpoint old, Endpoint now) {
        return old.provider().kind() == now.provider().kind()
                && Objects.equals(old.provider().baseUrl(), now.provider().baseUrl());
    }
}

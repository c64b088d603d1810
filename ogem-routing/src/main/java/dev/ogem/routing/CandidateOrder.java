package dev.ogem.routing;

import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a query's candidates in the order they are tried:
 * <ol>
 *   <li>healthy endpoints with a measured latency, fastest first; the ones within {@value #TIE_PERCENT} % or
 *       {@link #TIE_SLACK} of the fastest are near-ties and share the load: the one with the fewest calls in
 *       flight from this instance goes first (least outstanding requests; config order breaks exact ties);</li>
 *   <li>healthy endpoints never measured yet, in config order;</li>
 *   <li>unhealthy endpoints (last ping failed, or a failure within the failure penalty), in config order;</li>
 *   <li>endpoints cooling down after an upstream rate limit or with an open circuit: not tried now,
 *       only their waits count.</li>
 * </ol>
 */
final class CandidateOrder {

    static final int TIE_PERCENT = 20;
    static final Duration TIE_SLACK = Duration.ofMillis(5);

    private final StateStore store;
    private final HealthBoard health;
    private final RouterSettings settings;

    CandidateOrder(StateStore store, HealthBoard health, RouterSettings settings) {
        this.store = store;
        this.health = health;
        this.settings = settings;
    }

    List<Ranked> order(List<Candidate> candidates) {
        Instant now = settings.clock().instant();
        List<Ranked> measured = new ArrayList<>();
        List<Ranked> unknown = new ArrayList<>();
        List<Ranked> unhealthy = new ArrayList<>();
        List<Ranked> blocked = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Ranked ranked = new Ranked(candidate, store.cooldownRemaining(candidate.limitKey()),
                    store.cooldownRemaining(candidate.circuitKey()));
            EndpointHealth endpoint = health.of(candidate.endpoint());
            if (!ranked.open()) {
                blocked.add(ranked);
            } else if (endpoint.unhealthy(now, settings.failurePenalty())) {
                unhealthy.add(ranked);
            } else if (endpoint.latency().isEmpty()) {
                unknown.add(ranked);
            } else {
                measured.add(ranked);
            }
        }
        List<Ranked> ordered = new ArrayList<>(candidates.size());
        ordered.addAll(byLatency(measured));
        ordered.addAll(unknown);
        ordered.addAll(unhealthy);
        ordered.addAll(blocked);
        return ordered;
    }

    private List<Ranked> byLatency(List<Ranked> measured) {
        if (measured.isEmpty()) {
            return measured;
        }
        Comparator<Ranked> byLatency = Comparator.comparing(r -> latency(r));
        List<Ranked> sorted = new ArrayList<>(measured);
        sorted.sort(byLatency.thenComparingInt(r -> r.candidate().index()));
        long fastest = latency(sorted.getFirst()).toNanos();
        long tieBound = Math.max(fastest * (100 + TIE_PERCENT) / 100, fastest + TIE_SLACK.toNanos());
        List<Ranked> ties = new ArrayList<>(sorted.stream().filter(r -> latency(r).toNanos() <= tieBound).toList());
        ties.sort(Comparator.<Ranked>comparingInt(r -> health.of(r.candidate().endpoint()).inFlight().get())
                .thenComparingInt(r -> r.candidate().index()));
        List<Ranked> result = new ArrayList<>(ties);
        sorted.stream().filter(r -> !ties.contains(r)).forEach(result::add);
        return result;
    }

    private Duration latency(Ranked ranked) {
        return health.of(ranked.candidate().endpoint()).latency().orElseThrow();
    }
}

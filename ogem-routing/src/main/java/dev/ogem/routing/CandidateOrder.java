package dev.ogem.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a query's candidates in the order they are tried, from what this instance knows (no shared
 * state is read: cooldowns are checked by the admission of each attempt, in the same round trip):
 * <ol>
 *   <li>healthy endpoints with a measured latency, fastest first; the ones within {@value #TIE_PERCENT} % or
 *       {@link #TIE_SLACK} of the fastest are near-ties and share the load: the one with the fewest calls in
 *       flight from this instance goes first (least outstanding requests; config order breaks exact ties);</li>
 *   <li>healthy endpoints never measured yet, in config order;</li>
 *   <li>unhealthy endpoints (last ping failed, or a failure within the failure penalty), in config order.</li>
 * </ol>
 */
final class CandidateOrder {

    static final int TIE_PERCENT = 20;
    static final Duration TIE_SLACK = Duration.ofMillis(5);

    private final HealthBoard health;
    private final RouterSettings settings;

    CandidateOrder(HealthBoard health, RouterSettings settings) {
        this.health = health;
        this.settings = settings;
    }

    List<Candidate> order(List<Candidate> candidates) {
        Instant now = settings.clock().instant();
        List<Candidate> measured = new ArrayList<>();
        List<Candidate> unknown = new ArrayList<>();
        List<Candidate> unhealthy = new ArrayList<>();
        for (Candidate candidate : candidates) {
            EndpointHealth endpoint = health.of(candidate.endpoint());
            if (endpoint.unhealthy(now, settings.failurePenalty())) {
                unhealthy.add(candidate);
            } else if (endpoint.latency().isEmpty()) {
                unknown.add(candidate);
            } else {
                measured.add(candidate);
            }
        }
        List<Candidate> ordered = new ArrayList<>(candidates.size());
        ordered.addAll(byLatency(measured));
        ordered.addAll(unknown);
        ordered.addAll(unhealthy);
        return ordered;
    }

    private List<Candidate> byLatency(List<Candidate> measured) {
        if (measured.isEmpty()) {
            return measured;
        }
        Comparator<Candidate> byLatency = Comparator.comparing(this::latency);
        List<Candidate> sorted = new ArrayList<>(measured);
        sorted.sort(byLatency.thenComparingInt(Candidate::index));
        long fastest = latency(sorted.getFirst()).toNanos();
        long tieBound = Math.max(fastest * (100 + TIE_PERCENT) / 100, fastest + TIE_SLACK.toNanos());
        List<Candidate> ties = new ArrayList<>(sorted.stream().filter(c -> latency(c).toNanos() <= tieBound).toList());
        ties.sort(Comparator.<Candidate>comparingInt(c -> health.of(c.endpoint()).inFlight().get())
                .thenComparingInt(Candidate::index));
        List<Candidate> result = new ArrayList<>(ties);
        sorted.stream().filter(r -> !ties.contains(r)).forEach(result::add);
        return result;
    }

    private Duration latency(Candidate candidate) {
        return health.of(candidate.endpoint()).latency().orElseThrow();
    }
}

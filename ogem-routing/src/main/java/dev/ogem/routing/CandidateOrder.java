package dev.ogem.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
 * Each endpoint's health, latency and calls in flight are read once, before sorting: the sort works on that
 * snapshot, never on values that pings and other requests change while it runs.
 */
final class CandidateOrder {

    static final int TIE_PERCENT = 20;
    static final Duration TIE_SLACK = Duration.ofMillis(5);
    private static final Comparator<Reading> BY_LATENCY =
            Comparator.comparingLong(Reading::latencyNanos).thenComparingInt(Reading::index);
    private static final Comparator<Reading> BY_LOAD =
            Comparator.comparingInt(Reading::inFlight).thenComparingInt(Reading::index);

    private final HealthBoard health;
    private final RouterSettings settings;

    CandidateOrder(HealthBoard health, RouterSettings settings) {
        this.health = health;
        this.settings = settings;
    }

    List<Candidate> order(List<Candidate> candidates) {
        Instant now = settings.clock().instant();
        List<Reading> measured = new ArrayList<>();
        List<Candidate> unknown = new ArrayList<>();
        List<Candidate> unhealthy = new ArrayList<>();
        for (Candidate candidate : candidates) {
            EndpointHealth endpoint = health.of(candidate.endpoint());
            Optional<Duration> latency = endpoint.latency();
            if (endpoint.unhealthy(now, settings.failurePenalty())) {
                unhealthy.add(candidate);
            } else if (latency.isEmpty()) {
                unknown.add(candidate);
            } else {
                measured.add(new Reading(candidate, latency.get().toNanos(), endpoint.inFlight().get()));
            }
        }
        List<Candidate> ordered = new ArrayList<>(candidates.size());
        ordered.addAll(byLatency(measured));
        ordered.addAll(unknown);
        ordered.addAll(unhealthy);
        return ordered;
    }

    private static List<Candidate> byLatency(List<Reading> measured) {
        if (measured.isEmpty()) {
            return List.of();
        }
        List<Reading> sorted = new ArrayList<>(measured);
        sorted.sort(BY_LATENCY);
        long fastest = sorted.getFirst().latencyNanos();
        long tieBound = Math.max(fastest * (100 + TIE_PERCENT) / 100, fastest + TIE_SLACK.toNanos());
        int tied = 0;
        while (tied < sorted.size() && sorted.get(tied).latencyNanos() <= tieBound) {
            tied++;
        }
        sorted.subList(0, tied).sort(BY_LOAD);
        List<Candidate> result = new ArrayList<>(sorted.size());
        for (Reading reading : sorted) {
            result.add(reading.candidate());
        }
        return result;
    }

    /**
     * What one candidate's endpoint looked like when the ordering began: read once, so that pings and calls
     * that change the live values while the sort runs cannot make its comparisons disagree.
     */
    private record Reading(Candidate candidate, long latencyNanos, int inFlight) {
        int index() {
            return candidate.index();
        }
    }
}

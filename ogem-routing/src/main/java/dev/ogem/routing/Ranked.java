package dev.ogem.routing;

import java.time.Duration;
import java.util.Optional;

/**
 * A candidate in routing order, with what keeps it out for now.
 *
 * @param candidate   the candidate
 * @param limitWait   how long its bucket still cools down after an upstream rate limit
 * @param circuitWait how long its endpoint's circuit stays open
 */
record Ranked(Candidate candidate, Optional<Duration> limitWait, Optional<Duration> circuitWait) {

    /** Whether it may be tried now. */
    boolean open() {
        return limitWait.isEmpty() && circuitWait.isEmpty();
    }
}

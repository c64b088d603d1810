package dev.ogem.routing;

import dev.ogem.api.Catalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CandidateOrderTest {

    private final Scripted scripted = new Scripted();
    private final HealthBoard health = new HealthBoard();
    private final CandidateOrder order = new CandidateOrder(health, scripted.settings());
    private final Catalog catalog = catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
            provider("b", region("b", model("m", 0, 0))), provider("c", region("c", model("m", 0, 0))),
            provider("d", region("d", model("m", 0, 0))));
    private final List<Candidate> candidates = Candidate.matching(catalog, ModelQuery.parseChain("m").getFirst());

    private void measured(int index, long millis) {
        health.of(candidates.get(index).endpoint()).succeeded(Optional.of(Duration.ofMillis(millis)),
                scripted.clock.instant());
    }

    private List<String> names() {
        return order.order(candidates).stream().map(c -> c.endpoint().provider().name()).toList();
    }

    @Test
    void measuredByLatencyThenUnknownThenUnhealthy() {
        measured(0, 80);
        measured(1, 20);
        measured(3, 5);
        health.of(candidates.get(3).endpoint()).pingFailed(scripted.clock.instant());
        assertEquals(List.of("b", "a", "c", "d"), names(), "a failed ping puts the fastest last");
    }

    @Test
    void aFailureDemotesForThePenaltyOnly() {
        measured(0, 5);
        measured(1, 50);
        health.of(candidates.get(0).endpoint()).failed(scripted.clock.instant());
        assertEquals("b", names().getFirst());
        scripted.clock.advance(Duration.ofSeconds(11));
        assertEquals("a", names().getFirst());
    }

    @Test
    void nearTiesShareTheLoadByCallsInFlight() {
        measured(0, 10);
        measured(1, 11);
        measured(2, 40);
        assertEquals(List.of("a", "b", "c", "d"), names());
        health.of(candidates.get(0).endpoint()).inFlight().incrementAndGet();
        assertEquals(List.of("b", "a", "c", "d"), names(), "b is within 20 % of a and has less in flight");
        health.of(candidates.get(1).endpoint()).inFlight().addAndGet(2);
        assertEquals(List.of("a", "b", "c", "d"), names());
        health.of(candidates.get(2).endpoint()).inFlight().set(0);
        measured(2, 40);
        assertEquals("c", names().get(2), "c is no near-tie: in-flight counts never pull it forward");
    }
}

package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ProviderSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The candidate sort works on one reading of each endpoint, taken before it sorts: latencies and calls in
 * flight that change while it runs (pings, other requests) can neither break the sort nor make it disagree
 * with itself.
 */
class CandidateOrderSnapshotTest {

    private static final int ENDPOINTS = 64;

    private final Scripted scripted = new Scripted();
    private final Catalog catalog = catalog(Duration.ZERO, IntStream.range(0, ENDPOINTS)
            .mapToObj(i -> provider("p" + i, region("p" + i, model("m", 0, 0)))).toArray(ProviderSpec[]::new));
    private final List<Candidate> candidates = Candidate.matching(catalog, ModelQuery.parseChain("m").getFirst());

    /** A board whose every read first changes the endpoint it reads, as a concurrent ping or call could. */
    private final class Disturbing extends HealthBoard {
        final Random random = new Random(13);
        final AtomicBoolean disturb = new AtomicBoolean();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        EndpointHealth of(Endpoint endpoint) {
            EndpointHealth health = super.of(endpoint);
            if (disturb.get()) {
                reads.incrementAndGet();
                health.succeeded(Optional.of(Duration.ofMillis(1 + random.nextInt(400))), scripted.clock.instant());
                health.inFlight().set(random.nextInt(4));
            }
            return health;
        }
    }

    @Test
    void eachEndpointIsReadOnceAndTheOrderAgreesWithWhatWasRead() {
        Disturbing board = new Disturbing();
        CandidateOrder order = new CandidateOrder(board, scripted.settings());
        for (int round = 0; round < 50; round++) {
            board.reads.set(0);
            board.disturb.set(true);
            List<Candidate> ordered = order.order(candidates);
            board.disturb.set(false);
            assertEquals(ENDPOINTS, board.reads.get(), "one reading per endpoint, none during the sort");
            assertEquals(new HashSet<>(candidates), new HashSet<>(ordered));
            assertConsistent(board, ordered);
        }
    }

    @Test
    void valuesChangingOnAnotherThreadNeverBreakTheSort() throws InterruptedException {
        HealthBoard board = new HealthBoard();
        candidates.forEach(c -> board.of(c.endpoint()).succeeded(Optional.of(Duration.ofMillis(50)),
                scripted.clock.instant()));
        CandidateOrder order = new CandidateOrder(board, scripted.settings());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread pinger = Thread.ofPlatform().name("test-disturber").start(() -> {
            Random random = new Random(7);
            while (running.get()) {
                Candidate c = candidates.get(random.nextInt(ENDPOINTS));
                board.of(c.endpoint()).succeeded(Optional.of(Duration.ofMillis(1 + random.nextInt(400))),
                        scripted.clock.instant());
                board.of(c.endpoint()).inFlight().set(random.nextInt(4));
            }
        });
        try {
            for (int round = 0; round < 2_000; round++) {
                assertEquals(ENDPOINTS, new HashSet<>(order.order(candidates)).size());
            }
        } finally {
            running.set(false);
            pinger.join();
        }
    }

    /** The near-ties of the fastest first (by calls in flight, then config order), then the rest by latency. */
    private static void assertConsistent(HealthBoard board, List<Candidate> ordered) {
        List<Long> latency = new ArrayList<>();
        List<Integer> inFlight = new ArrayList<>();
        for (Candidate c : ordered) {
            latency.add(board.of(c.endpoint()).latency().orElseThrow().toNanos());
            inFlight.add(board.of(c.endpoint()).inFlight().get());
        }
        long fastest = latency.stream().mapToLong(Long::longValue).min().orElseThrow();
        long bound = Math.max(fastest * (100 + CandidateOrder.TIE_PERCENT) / 100,
                fastest + CandidateOrder.TIE_SLACK.toNanos());
        int ties = (int) latency.stream().filter(l -> l <= bound).count();
        for (int i = 0; i < ordered.size(); i++) {
            assertEquals(i < ties, latency.get(i) <= bound, "near-ties first, at " + i);
        }
        for (int i = 1; i < ordered.size(); i++) {
            if (i < ties) {
                assertTrue(inFlight.get(i - 1) < inFlight.get(i) || inFlight.get(i - 1).equals(inFlight.get(i))
                        && ordered.get(i - 1).index() < ordered.get(i).index(), "ties by calls in flight, at " + i);
            } else if (i > ties) {
                assertTrue(latency.get(i - 1) <= latency.get(i), "the rest by latency, at " + i);
            }
        }
    }
}

package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import dev.ogem.api.QuotaException;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request waits for quota out of one budget, {@code retry_interval}, however many chain entries it has;
 * time is the shared {@code FakeClock}, moved only by the router's own waits.
 */
class QuotaWaitBudgetTest {

    private final Scripted scripted = new Scripted();
    private final StateStore store = StateStore.inMemory(scripted.clock);

    private Router router(Duration retryInterval) {
        return Router.builder().catalog(catalog(retryInterval, provider("a", region("a", model("m", 0, 0)))))
                .clients(scripted::client).store(store).settings(scripted.settings()).build();
    }

    private void alwaysThrottled(Duration retryAfter) {
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.builder(ProviderException.Kind.RATE_LIMITED, "slow down").retryAfter(retryAfter)
                    .build();
        });
    }

    @Test
    void aChainOfTheSameModelWaitsOnceNotOncePerEntry() {
        Router router = router(Duration.ofSeconds(12));
        alwaysThrottled(Duration.ofSeconds(5));
        Instant start = scripted.clock.instant();
        assertThrows(QuotaException.class, () -> router.complete(ask("m,m,m")));
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), scripted.slept,
                "two waits of 5 s fit 12 s; the later entries find the budget spent");
        assertEquals(3, scripted.calls.size(), "one call, then one after each wait");
        assertTrue(Duration.between(start, scripted.clock.instant()).compareTo(Duration.ofSeconds(12)) <= 0);
    }

    @Test
    void theBudgetIsAlsoCutByTheDeadline() {
        Router router = router(Duration.ofMinutes(1));
        alwaysThrottled(Duration.ofSeconds(5));
        Instant start = scripted.clock.instant();
        assertThrows(QuotaException.class, () -> router.complete(ask("m,m,m,m"),
                new RouteOptions(Optional.of(Duration.ofSeconds(12)), false)));
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), scripted.slept);
        assertTrue(Duration.between(start, scripted.clock.instant()).compareTo(Duration.ofSeconds(12)) < 0,
                "no wait ends past the deadline");
    }

    @Test
    void aWaitThatFreesTheBucketServesTheLaterEntryWithinTheBudget() {
        Router router = router(Duration.ofSeconds(12));
        alwaysThrottled(Duration.ofSeconds(5));
        assertThrows(QuotaException.class, () -> router.complete(ask("m")));
        scripted.behaviour.clear();
        scripted.slept.clear();
        assertEquals("a", router.complete(ask("m,m"), RouteOptions.DEFAULT).route().provider());
        assertEquals(List.of(Duration.ofSeconds(5)), scripted.slept, "waited once for the 429 cooldown to end");
    }
}

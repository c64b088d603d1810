package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The remaining quota in the status: per model bucket, from the shared window, over time. */
class StatusReportTest {

    private final Scripted scripted = new Scripted();

    @Test
    void remainingQuotaFollowsSettledCallsAndTheWindow() {
        Catalog catalog = Scripted.catalog(Duration.ZERO, provider("p", region("p",
                model("limited", 5, 10_000), model("free", 0, 0))));
        try (StateStore store = StateStore.inMemory(scripted.clock);
             Router router = Router.builder().catalog(catalog).clients(scripted::client).store(store)
                     .settings(scripted.settings()).build()) {
            EndpointStatus.ModelStatus fresh = router.status().getFirst().models().getFirst();
            assertEquals(OptionalLong.of(5), fresh.remainingRpm());
            assertEquals(OptionalLong.of(10_000), fresh.remainingTpm());

            router.complete(ask("limited"), RouteOptions.DEFAULT); // each answer settles to 7 tokens
            router.complete(ask("limited"), RouteOptions.DEFAULT);
            router.complete(ask("free"), RouteOptions.DEFAULT);
            EndpointStatus.ModelStatus limited = router.status().getFirst().models().get(0);
            assertEquals(OptionalLong.of(3), limited.remainingRpm());
            assertEquals(OptionalLong.of(9_986), limited.remainingTpm());
            EndpointStatus.ModelStatus free = router.status().getFirst().models().get(1);
            assertEquals(OptionalLong.empty(), free.remainingRpm(), "unlimited");
            assertEquals(OptionalLong.empty(), free.remainingTpm(), "unlimited");

            scripted.clock.advance(Duration.ofSeconds(60));
            assertEquals(OptionalLong.of(5), router.status().getFirst().models().getFirst().remainingRpm());
        }
    }
}

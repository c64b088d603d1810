package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A router built for a reloaded config carries on what its predecessor measured about unchanged endpoints. */
class SuccessorRouterTest {

    private final Scripted scripted = new Scripted();

    @Test
    void anUnchangedEndpointKeepsItsLatencyAndFailuresWhileAMovedOneStartsAfresh() {
        Catalog before = Scripted.catalog(Duration.ZERO, provider("kept", region("r", model("a", 0, 0))),
                provider("moved", region("r", model("b", 0, 0))));
        scripted.latency.put("kept/r", Duration.ofMillis(40));
        scripted.latency.put("moved/r", Duration.ofMillis(70));
        try (StateStore store = StateStore.inMemory(scripted.clock);
             Router first = Router.builder().catalog(before).clients(scripted::client).store(store)
                     .settings(scripted.settings()).build()) {
            first.complete(ask("a"), RouteOptions.DEFAULT);
            first.complete(ask("b"), RouteOptions.DEFAULT);
            ProviderSpec moved = new ProviderSpec("moved", ProviderKind.CUSTOM,
                    Optional.of(URI.create("http://elsewhere.example/v1")), Optional.empty(),
                    List.of(region("r", model("b", 0, 0))));
            Catalog after = Scripted.catalog(Duration.ZERO,
                    provider("kept", region("r", model("a", 0, 0), model("new-model", 10, 0))), moved,
                    provider("added", region("r", model("c", 0, 0))));
            try (Router second = Router.builder().catalog(after).clients(scripted::client).store(store)
                    .settings(scripted.settings()).successorOf(first).build()) {
                List<EndpointStatus> status = second.status();
                assertEquals(Optional.of(Duration.ofMillis(40)), endpoint(status, "kept").latency(),
                        "the unchanged endpoint keeps its measured latency");
                assertEquals(2, endpoint(status, "kept").models().size(), "a model added to it is served");
                assertTrue(endpoint(status, "moved").latency().isEmpty(), "a provider on another URL starts unmeasured");
                assertTrue(endpoint(status, "added").latency().isEmpty());

                second.complete(ask("a"), RouteOptions.DEFAULT);
                Duration shared = first.status().getFirst().latency().orElseThrow();
                assertEquals(shared, endpoint(second.status(), "kept").latency().orElseThrow(),
                        "both routers see one measurement, so calls finishing on the old one still count");
            }
        }
    }

    private static EndpointStatus endpoint(List<EndpointStatus> status, String provider) {
        return status.stream().filter(s -> s.provider().equals(provider)).findFirst().orElseThrow();
    }
}

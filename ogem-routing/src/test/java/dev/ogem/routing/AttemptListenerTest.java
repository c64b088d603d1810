package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import dev.ogem.api.QuotaException;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The router tells its {@link AttemptListener} the outcome of every endpoint it tries. */
class AttemptListenerTest {

    private final Scripted scripted = new Scripted();
    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    @Test
    void successFailureKindAndQuotaRefusalAreReported() {
        Router router = new FallbackRouter(catalog(Duration.ZERO,
                provider("a", region("east", model("m", 0, 0))),
                provider("b", region("west", model("m", 1, 0)))),
                scripted::client, StateStore.inMemory(scripted.clock), scripted.settings(), new HealthBoard(),
                Optional.empty(), (route, outcome) -> heard.add(route.provider() + "/" + route.region() + "/"
                        + route.model() + " " + outcome));
        scripted.behaviour.put("a/east", r -> {
            throw ProviderException.of(ProviderException.Kind.SERVER_ERROR, "boom");
        });
        router.complete(ask("m"));
        assertEquals(List.of("a/east/m server_error", "b/west/m success"), heard);
        heard.clear();
        assertThrows(QuotaException.class, () -> router.complete(ask("b/m")));
        assertEquals(List.of("b/west/m quota_refused"), heard);
    }
}

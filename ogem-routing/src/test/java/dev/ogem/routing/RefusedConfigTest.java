package dev.ogem.routing;

import dev.ogem.api.ProviderException;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.ogem.routing.Scripted.answer;
import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upstream that refuses the gateway's credentials (401/403) or does not know its configured model (404)
 * is the gateway's configuration at fault: the next endpoint serves, the refusing one is left out at once,
 * and when nothing else serves the caller gets a 502 naming the provider. A 400 about the request is the
 * caller's and is not retried.
 */
class RefusedConfigTest {

    private final Scripted scripted = new Scripted();
    private final StateStore store = StateStore.inMemory(scripted.clock);

    private Router router(boolean withB) {
        return Router.builder().catalog(withB
                        ? catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0), model("n", 0, 0))),
                                provider("b", region("b", model("m", 0, 0))))
                        : catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0)))))
                .clients(scripted::client).store(store).settings(scripted.settings()).build();
    }

    private void aFails(ProviderException.Kind kind) {
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.of(kind, "The provider 'a' refused (" + kind + ").");
        });
    }

    private long callsTo(String label) {
        return scripted.calls.stream().filter(label::equals).count();
    }

    @Test
    void refusedCredentialsFailOverAndOpenTheCircuitAtOnce() {
        Router router = router(true);
        aFails(ProviderException.Kind.AUTH);
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        assertTrue(store.cooldownRemaining("circuit:a/a").isPresent(), "open after one refusal");
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        assertEquals("b", router.complete(ask("n,m"), RouteOptions.DEFAULT).route().provider(),
                "the credentials are the endpoint's: its other models are left out too");
        assertEquals(1, callsTo("a/a"), "left out while its circuit is open");

        scripted.clock.advance(Duration.ofSeconds(31));
        scripted.behaviour.clear();
        assertEquals("a", router.complete(ask("a/m,m"), RouteOptions.DEFAULT).route().provider(),
                "one trial once the circuit closes; fixed credentials serve again");
        assertEquals("a", router.complete(ask("a/m,m"), RouteOptions.DEFAULT).route().provider());
    }

    @Test
    void withNothingElseARefusalIsA502NamingTheProviderAlsoWhileLeftOut() {
        Router router = router(false);
        aFails(ProviderException.Kind.AUTH);
        ProviderException first = assertThrows(ProviderException.class, () -> router.complete(ask("m")));
        assertEquals(502, first.status());
        assertEquals("upstream_auth_failed", first.code().orElseThrow());
        ProviderException later = assertThrows(ProviderException.class, () -> router.complete(ask("m")));
        assertEquals(502, later.status(), "not a 503 'failing' nor the client's own 401");
        assertEquals("upstream_auth_failed", later.code().orElseThrow());
        assertTrue(later.getMessage().contains("'a'") && later.getMessage().contains("credentials"),
                later.getMessage());
        assertEquals(1, callsTo("a/a"));
    }

    @Test
    void anUnknownModelLeavesOutThatModelOfTheEndpointOnly() {
        Router router = router(true);
        scripted.behaviour.put("a/a", r -> {
            if (r.model().equals("m")) {
                throw ProviderException.of(ProviderException.Kind.NOT_FOUND, "The provider 'a' does not know 'm'.");
            }
            return answer("a", 7);
        });
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        assertTrue(store.cooldownRemaining("refused:a/a/m").isPresent());
        assertFalse(store.cooldownRemaining("circuit:a/a").isPresent());
        assertEquals("a", router.complete(ask("n"), RouteOptions.DEFAULT).route().provider(), "n still served by a");
        assertEquals("b", router.complete(ask("a/m,m"), RouteOptions.DEFAULT).route().provider());
        assertEquals(2, callsTo("a/a"), "m was not sent to a again");

        ProviderException onlyA = assertThrows(ProviderException.class, () -> router.complete(ask("a/m")));
        assertEquals(502, onlyA.status());
        assertEquals("upstream_model_not_found", onlyA.code().orElseThrow());
        assertTrue(onlyA.getMessage().contains("'a'") && onlyA.getMessage().contains("'m'"), onlyA.getMessage());
    }

    @Test
    void aRequestTheUpstreamRejectsIsTheCallersAndIsNotRetried() {
        Router router = router(true);
        scripted.behaviour.put("a/a", r -> {
            throw ProviderException.builder(ProviderException.Kind.REJECTED, "bad temperature").status(422)
                    .param("temperature").build();
        });
        ProviderException e = assertThrows(ProviderException.class, () -> router.complete(ask("m")));
        assertEquals(422, e.status());
        assertEquals(List.of("a/a"), scripted.calls, "b never asked");
        assertFalse(store.cooldownRemaining("circuit:a/a").isPresent(), "the endpoint is fine");
    }
}

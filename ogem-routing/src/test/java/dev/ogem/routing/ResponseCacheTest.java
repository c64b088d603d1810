package dev.ogem.routing;

import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static dev.ogem.routing.Scripted.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseCacheTest {

    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final Scripted scripted = new Scripted();
    private final Router router = Router.builder()
            .catalog(catalog(Duration.ZERO, provider("a", region("east", model("gpt-4o", 0, 0, "gpt4")))))
            .clients(scripted::client).store(StateStore.inMemory(scripted.clock)).settings(scripted.settings()).build();

    @Test
    void onlyDeterministicRequestsAreCacheable() {
        assertTrue(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0," + HI + "}")));
        assertTrue(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0,\"n\":1,\"tools\":[],\"seed\":3," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\"," + HI + "}")), "temperature must be explicit");
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0.2," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0,\"n\":2," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0,\"stream\":true," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m@batch\",\"temperature\":0," + HI + "}")));
    }

    @Test
    void theKeyIgnoresAliasPrefixUserAndFieldOrderButNotTheContent() {
        String key = ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), "gpt-4o");
        assertEquals(key, ResponseCache.key(request("{\"temperature\":0," + HI + ",\"user\":\"u1\",\"model\":\"a/east/gpt-4o\"}"), "gpt-4o"));
        assertNotEquals(key, ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), "other"));
        assertNotEquals(key, ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"), "gpt-4o"));
        assertNotEquals(key, ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0,\"seed\":1," + HI + "}"), "gpt-4o"));
    }

    @Test
    void aHitIsServedWithoutCallingUpstreamWhateverNameTheCallerUsed() {
        Routed<?> first = router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.MISS), first.cache());
        Routed<?> second = router.complete(request("{\"model\":\"a/east/gpt-4o\",\"temperature\":0," + HI + "}"),
                RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.HIT), second.cache());
        assertEquals(new Route("a", "east", "gpt-4o"), second.route());
        assertEquals(1, scripted.calls.size());
        Routed<?> bypassed = router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"),
                new RouteOptions(Optional.empty(), true));
        assertEquals(Optional.of(CacheOutcome.MISS), bypassed.cache());
        assertEquals(2, scripted.calls.size());
        Routed<?> uncacheable = router.complete(request("{\"model\":\"gpt4\"," + HI + "}"), RouteOptions.DEFAULT);
        assertTrue(uncacheable.cache().isEmpty());
    }

    @Test
    void entriesExpireAfterTheTtl() {
        router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"));
        scripted.clock.advance(Duration.ofHours(24).plusSeconds(1));
        Routed<?> again = router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.MISS), again.cache());
    }
}

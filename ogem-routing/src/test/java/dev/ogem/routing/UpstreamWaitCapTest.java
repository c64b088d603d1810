package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderException;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.ogem.routing.Scripted.ask;
import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever wait an upstream (or a client library that does not cap it) reports, the bucket cools for at
 * most an hour, and an absurd value neither throws nor breaks the store's write.
 */
class UpstreamWaitCapTest {

    private final Scripted scripted = new Scripted();
    private final StateStore store = StateStore.inMemory(scripted.clock);
    private final Catalog catalog = catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 0))),
            provider("b", region("b", model("m", 0, 0))));
    private final Endpoint a = catalog.endpoints().findFirst().orElseThrow();

    @Test
    void aResetYearsAwayCoolsTheBucketForAnHourAtMost() {
        Router router = Router.builder().catalog(catalog).clients(scripted::client).store(store)
                .settings(scripted.settings()).build();
        Router.upstreamLimits(store).exhausted(a, "m", Duration.ofSeconds(Long.MAX_VALUE));
        Duration remaining = store.cooldownRemaining("limit:a/a/m").orElseThrow();
        assertTrue(remaining.compareTo(ProviderException.MAX_RETRY_AFTER) <= 0, remaining.toString());
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        scripted.clock.advance(ProviderException.MAX_RETRY_AFTER.plusSeconds(1));
        assertEquals("a", router.complete(ask("a/m"), RouteOptions.DEFAULT).route().provider(), "back after an hour");
    }

    @Test
    void aNegativeOrZeroResetIsIgnored() {
        Router.upstreamLimits(store).exhausted(a, "m", Duration.ofSeconds(-5));
        Router.upstreamLimits(store).exhausted(a, "m", Duration.ZERO);
        assertFalse(store.cooldownRemaining("limit:a/a/m").isPresent());
    }

    @Test
    void a429FromAClientThatDoesNotCapItsWaitCoolsForAnHourAtMost() {
        LlmClient uncapped = new LlmClient() {
            @Override
            public ChatResponse complete(ChatRequest request) {
                throw ProviderException.builder(ProviderException.Kind.RATE_LIMITED, "slow down")
                        .retryAfter(Duration.ofDays(365L * 300)).build();
            }

            @Override
            public ChunkStream stream(ChatRequest request) {
                throw new UnsupportedOperationException();
            }
        };
        Router router = Router.builder().catalog(catalog)
                .clients(e -> e.equals(a) ? uncapped : scripted.client(e)).store(store)
                .settings(scripted.settings()).build();
        assertEquals("b", router.complete(ask("m"), RouteOptions.DEFAULT).route().provider());
        Duration remaining = store.cooldownRemaining("limit:a/a/m").orElseThrow();
        assertTrue(remaining.compareTo(ProviderException.MAX_RETRY_AFTER) <= 0, remaining.toString());
    }
}

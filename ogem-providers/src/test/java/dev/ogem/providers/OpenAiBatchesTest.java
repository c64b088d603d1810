package dev.ogem.providers;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Batch API of OpenAI-protocol endpoints: base URL and key resolved as their chat clients resolve them. */
class OpenAiBatchesTest {

    private static final Map<String, String> KEYS = Map.of("openai", "sk-openai", "local", "sk-local",
            "claude", "sk-claude");

    private static ProviderSpec provider(String name, Optional<URI> baseUrl, Optional<String> keyEnv) {
        return new ProviderSpec(name, ProviderKind.ofName(name), baseUrl, keyEnv,
                List.of(new RegionSpec(name, List.of(new ModelSpec("m", List.of(), null, 0, 0)))));
    }

    private static Catalog catalog(Optional<URI> openAi, URI local, URI open) {
        return new Catalog(List.of(
                provider("openai", openAi, Optional.empty()),
                provider("local", Optional.of(local), Optional.of("LOCAL_KEY")),
                provider("open", Optional.of(open), Optional.empty()),
                provider("claude", Optional.empty(), Optional.empty())), Duration.ZERO, Duration.ZERO);
    }

    private final Catalog catalog = catalog(Optional.empty(), URI.create("http://127.0.0.1:8000/v1"),
            URI.create("http://127.0.0.1:9000/v1"));
    private final Providers providers = Providers.create(catalog, ProviderSettings.builder().apiKeys(KEYS).build());

    private static Endpoint endpoint(Catalog catalog, int index) {
        return catalog.endpoints().toList().get(index);
    }

    @Test
    void openAiAndCustomEndpointsHaveTheirBaseUrl() {
        assertEquals(URI.create("https://api.openai.com/v1"),
                providers.batches(endpoint(catalog, 0)).orElseThrow().baseUrl());
        assertEquals(URI.create("http://127.0.0.1:8000/v1"),
                providers.batches(endpoint(catalog, 1)).orElseThrow().baseUrl());
        assertEquals(URI.create("http://127.0.0.1:9000/v1"),
                providers.batches(endpoint(catalog, 2)).orElseThrow().baseUrl());
    }

    @Test
    void eachSendsItsProvidersKeyOrNone() {
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.answer(r -> Reply.json(200, "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"in_progress\"}"));
            Catalog local = catalog(Optional.of(upstream.baseUrl()), URI.create(upstream.baseUrl() + "/"),
                    upstream.baseUrl());
            Providers onLoopback = Providers.create(local, ProviderSettings.builder().apiKeys(KEYS).build());
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                onLoopback.batches(endpoint(local, i)).orElseThrow().batch("batch_1");
                sent.add(upstream.last().path() + " " + upstream.last().header("Authorization"));
            }
            assertEquals(List.of("/v1/batches/batch_1 Bearer sk-openai", "/v1/batches/batch_1 Bearer sk-local",
                    "/v1/batches/batch_1 null"), sent);
        }
    }

    @Test
    void otherProtocolsHaveNone() {
        assertEquals(Optional.empty(), providers.batches(endpoint(catalog, 3)));
    }

    @Test
    void theKeyNeverShowsInText() {
        assertFalse(providers.batches(endpoint(catalog, 0)).orElseThrow().toString().contains("sk-openai"));
    }

    @Test
    void anEndpointOfAnotherCatalogIsRefused() {
        Endpoint stranger = new Endpoint(provider("x", Optional.of(URI.create("http://h/v1")), Optional.empty()),
                new RegionSpec("x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> providers.batches(stranger));
        assertThrows(IllegalArgumentException.class, () -> providers.client(stranger));
    }
}

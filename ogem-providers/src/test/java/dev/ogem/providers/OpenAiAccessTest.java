package dev.ogem.providers;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The base URL and key of OpenAI-protocol endpoints, resolved as their clients resolve them. */
class OpenAiAccessTest {

    private static ProviderSpec provider(String name, Optional<URI> baseUrl, Optional<String> keyEnv) {
        return new ProviderSpec(name, ProviderKind.ofName(name), baseUrl, keyEnv,
                List.of(new RegionSpec(name, List.of(new ModelSpec("m", List.of(), null, 0, 0)))));
    }

    private final Catalog catalog = new Catalog(List.of(
            provider("openai", Optional.empty(), Optional.empty()),
            provider("local", Optional.of(URI.create("http://127.0.0.1:8000/v1")), Optional.of("LOCAL_KEY")),
            provider("open", Optional.of(URI.create("http://127.0.0.1:9000/v1")), Optional.empty()),
            provider("claude", Optional.empty(), Optional.empty())), Duration.ZERO, Duration.ZERO);
    private final Providers providers = Providers.create(catalog, ProviderSettings.defaults()
            .withApiKeys(Map.of("openai", "sk-openai", "local", "sk-local", "claude", "sk-claude")));

    private Endpoint endpoint(int index) {
        return catalog.endpoints().toList().get(index);
    }

    @Test
    void openAiAndCustomEndpointsHaveTheirBaseUrlAndKey() {
        assertEquals(Optional.of(new OpenAiAccess(URI.create("https://api.openai.com/v1"), Optional.of("sk-openai"))),
                providers.openAiAccess(endpoint(0)));
        assertEquals(Optional.of(new OpenAiAccess(URI.create("http://127.0.0.1:8000/v1"), Optional.of("sk-local"))),
                providers.openAiAccess(endpoint(1)));
        assertEquals(Optional.of(new OpenAiAccess(URI.create("http://127.0.0.1:9000/v1"), Optional.empty())),
                providers.openAiAccess(endpoint(2)));
    }

    @Test
    void otherProtocolsHaveNone() {
        assertEquals(Optional.empty(), providers.openAiAccess(endpoint(3)));
    }

    @Test
    void theKeyNeverShowsInText() {
        assertFalse(providers.openAiAccess(endpoint(0)).orElseThrow().toString().contains("sk-openai"));
    }

    @Test
    void anEndpointOfAnotherCatalogIsRefused() {
        Endpoint stranger = new Endpoint(provider("x", Optional.of(URI.create("http://h/v1")), Optional.empty()),
                new RegionSpec("x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> providers.openAiAccess(stranger));
    }
}

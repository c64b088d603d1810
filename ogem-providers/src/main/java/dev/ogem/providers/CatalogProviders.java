package dev.ogem.providers;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderSpec;
import dev.ogem.providers.anthropic.AnthropicClients;
import dev.ogem.providers.gemini.GeminiClients;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.openai.OpenAiClient;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds one client per endpoint; the only place that chooses a protocol by provider kind. */
final class CatalogProviders implements Providers {

    private final Map<String, LlmClient> clients = new HashMap<>();
    private final Map<String, Optional<OpenAiAccess>> access = new HashMap<>();

    CatalogProviders(Catalog catalog, ProviderSettings settings) {
        UpstreamHttp http = UpstreamHttp.create(settings.connectTimeout(), settings.readTimeout(), settings.limits());
        catalog.endpoints().forEach(endpoint -> {
            access.put(endpoint.label(), access(endpoint.provider(), settings));
            clients.put(endpoint.label(), build(endpoint, settings, http));
        });
    }

    @Override
    public LlmClient client(Endpoint endpoint) {
        LlmClient client = clients.get(endpoint.label());
        if (client == null) {
            throw new IllegalArgumentException("No client for endpoint " + endpoint.label());
        }
        return client;
    }

    @Override
    public Optional<OpenAiAccess> openAiAccess(Endpoint endpoint) {
        Optional<OpenAiAccess> found = access.get(endpoint.label());
        if (found == null) {
            throw new IllegalArgumentException("No client for endpoint " + endpoint.label());
        }
        return found;
    }

    private static LlmClient build(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        ProviderSpec provider = endpoint.provider();
        return switch (provider.kind()) {
            case OPENAI, CUSTOM -> {
                OpenAiAccess openAi = access(provider, settings).orElseThrow();
                yield new OpenAiClient(http, openAi.baseUrl(), openAi.apiKey(), endpoint, settings.rateLimits());
            }
            case CLAUDE, VCLAUDE -> AnthropicClients.create(endpoint, settings, http);
            case STUDIO, VERTEX -> GeminiClients.create(endpoint, settings, http);
        };
    }

    /** The one place an OpenAI-protocol endpoint's base URL and key are resolved. */
    private static Optional<OpenAiAccess> access(ProviderSpec provider, ProviderSettings settings) {
        return switch (provider.kind()) {
            case OPENAI, CUSTOM -> Optional.of(new OpenAiAccess(baseUrl(provider), openAiKey(provider, settings)));
            case CLAUDE, VCLAUDE, STUDIO, VERTEX -> Optional.empty();
        };
    }

    private static URI baseUrl(ProviderSpec provider) {
        return provider.baseUrl()
                .or(() -> provider.kind().defaultBaseUrl())
                .orElseThrow(() -> new IllegalArgumentException("providers." + provider.name() + ".base_url is required"));
    }

    private static Optional<String> openAiKey(ProviderSpec provider, ProviderSettings settings) {
        return settings.apiKey(provider.name());
    }
}

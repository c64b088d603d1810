package dev.ogem.providers;

import dev.ogem.api.Catalog;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.providers.anthropic.AnthropicClients;
import dev.ogem.providers.gemini.GeminiClients;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.openai.OpenAiClients;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds one client per endpoint; the only place that chooses a protocol by provider kind. */
final class CatalogProviders implements Providers {

    private final Map<String, LlmClient> clients = new HashMap<>();
    private final Map<String, Optional<OpenAiBatches>> batches = new HashMap<>();

    CatalogProviders(Catalog catalog, ProviderSettings settings) {
        UpstreamHttp http = UpstreamHttp.create(settings.connectTimeout(), settings.readTimeout(), settings.limits());
        catalog.endpoints().forEach(endpoint -> {
            clients.put(endpoint.label(), client(endpoint, settings, http));
            batches.put(endpoint.label(), batches(endpoint, settings, http));
        });
    }

    @Override
    public LlmClient client(Endpoint endpoint) {
        return known(clients.get(endpoint.label()), endpoint);
    }

    @Override
    public Optional<OpenAiBatches> batches(Endpoint endpoint) {
        return known(batches.get(endpoint.label()), endpoint);
    }

    private static <T> T known(T found, Endpoint endpoint) {
        if (found == null) {
            throw new IllegalArgumentException("No client for endpoint " + endpoint.label());
        }
        return found;
    }

    private static LlmClient client(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        return switch (endpoint.provider().kind()) {
            case OPENAI, CUSTOM -> OpenAiClients.create(endpoint, settings, http);
            case CLAUDE, VCLAUDE -> AnthropicClients.create(endpoint, settings, http);
            case STUDIO, VERTEX -> GeminiClients.create(endpoint, settings, http);
        };
    }

    private static Optional<OpenAiBatches> batches(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        return switch (endpoint.provider().kind()) {
            case OPENAI, CUSTOM -> Optional.of(OpenAiClients.batches(endpoint, settings, http));
            case CLAUDE, VCLAUDE, STUDIO, VERTEX -> Optional.empty();
        };
    }
}

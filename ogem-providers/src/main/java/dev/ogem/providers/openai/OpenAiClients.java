package dev.ogem.providers.openai;

import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.http.UpstreamHttp;

import java.net.URI;
import java.util.Optional;

/**
 * Builds the clients of an OpenAI-protocol endpoint ({@code openai} and every custom provider): chat
 * completions and the Files and Batches API, both on the endpoint's base URL ({@code base_url}, else
 * {@code https://api.openai.com/v1} for {@code openai}; a custom provider must give one) with the
 * provider's key, if it has one, as a bearer token.
 */
public final class OpenAiClients {

    private OpenAiClients() {
    }

    /**
     * The chat client of an endpoint; it reports used-up upstream limits to the settings' listener.
     *
     * @param endpoint the endpoint
     * @param settings keys and the rate-limit listener
     * @param http     the shared HTTP client
     * @return the client
     * @throws IllegalArgumentException when a custom provider has no base URL
     */
    public static LlmClient create(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        ProviderSpec provider = endpoint.provider();
        return new OpenAiClient(http, baseUrl(provider), settings.apiKey(provider.name()), endpoint,
                settings.rateLimits());
    }

    /**
     * The Batch API of an endpoint.
     *
     * @param endpoint the endpoint
     * @param settings keys
     * @param http     the shared HTTP client
     * @return the API
     * @throws IllegalArgumentException when a custom provider has no base URL
     */
    public static OpenAiBatches batches(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        ProviderSpec provider = endpoint.provider();
        return batches(http, baseUrl(provider), settings.apiKey(provider.name()));
    }

    /**
     * The Batch API at a base URL.
     *
     * @param http    the HTTP client
     * @param baseUrl the API base
     * @param apiKey  the bearer key; empty for a server that needs none
     * @return the API
     */
    public static OpenAiBatches batches(UpstreamHttp http, URI baseUrl, Optional<String> apiKey) {
        return new OpenAiBatchClient(http, baseUrl, apiKey);
    }

    private static URI baseUrl(ProviderSpec provider) {
        if (provider.kind() == ProviderKind.OPENAI) {
            return provider.baseUrl().orElse(OpenAiUris.OPENAI_BASE);
        }
        return provider.baseUrl().orElseThrow(() ->
                new IllegalArgumentException("providers." + provider.name() + ".base_url is required"));
    }
}

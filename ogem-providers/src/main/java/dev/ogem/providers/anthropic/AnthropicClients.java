package dev.ogem.providers.anthropic;

import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.http.UpstreamHttp;

/** Builds clients for the Anthropic Messages protocol: Claude direct and Claude on Vertex AI. */
public final class AnthropicClients {

    private AnthropicClients() {
    }

    /**
     * A client for one endpoint of kind claude or vclaude.
     *
     * @param endpoint the endpoint
     * @param settings keys and timeouts
     * @param http     the shared HTTP client
     * @return the client
     */
    public static LlmClient create(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        throw new IllegalArgumentException("providers." + endpoint.provider().name()
                + ": the Anthropic protocol is not available in this build yet");
    }
}

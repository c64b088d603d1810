package dev.ogem.providers.gemini;

import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.http.UpstreamHttp;

/** Builds clients for the Gemini generateContent protocol: AI Studio and Vertex AI. */
public final class GeminiClients {

    private GeminiClients() {
    }

    /**
     * A client for one endpoint of kind studio or vertex.
     *
     * @param endpoint the endpoint
     * @param settings keys and timeouts
     * @param http     the shared HTTP client
     * @return the client
     */
    public static LlmClient create(Endpoint endpoint, ProviderSettings settings, UpstreamHttp http) {
        throw new IllegalArgumentException("providers." + endpoint.provider().name()
                + ": the Gemini protocol is not available in this build yet");
    }
}

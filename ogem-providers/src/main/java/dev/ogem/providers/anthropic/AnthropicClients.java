package dev.ogem.providers.anthropic;

import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.google.GoogleAuth;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.RateLimitHeaders;
import dev.ogem.providers.http.UpstreamHttp;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds clients for the Anthropic Messages protocol: Claude direct and Claude on Vertex AI.
 *
 * <p>claude: {@code POST {base}/v1/messages}, base {@code https://api.anthropic.com} unless the
 * provider sets {@code base_url}; a base URL given with or without a trailing {@code /v1} yields the
 * same URL. The key is {@code CLAUDE_API_KEY}, sent as {@code x-api-key} with
 * {@code anthropic-version: 2023-06-01}.
 *
 * <p>vclaude: {@code :rawPredict} / {@code :streamRawPredict} under
 * {@code projects/{GOOGLE_CLOUD_PROJECT}/locations/{region}/publishers/anthropic/models/{model}},
 * on {@code {region}-aiplatform.googleapis.com} ({@code global}: {@code aiplatform.googleapis.com};
 * {@code us}/{@code eu}: {@code aiplatform.{us,eu}.rep.googleapis.com}); {@code base_url} replaces
 * the host. Auth: Application Default Credentials through {@link GoogleAuth}. Vertex AI cannot fetch
 * image URLs, so ogem downloads them under an {@link ImagePolicy} (public hosts only unless
 * {@link ProviderSettings#allowPrivateImageHosts()}) and sends them inline.
 */
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
        ProviderSpec provider = endpoint.provider();
        if (provider.kind() == ProviderKind.VCLAUDE) {
            Optional<String> project = settings.googleCloudProject();
            GoogleAuth auth = GoogleAuth.applicationDefault(project, settings.googleCredentialsFile());
            return new AnthropicClient(http, provider.name(), AnthropicTarget.Vertex.of(provider.baseUrl(), project,
                    endpoint.region().name(), auth::headers),
                    new ImageFetcher(ImagePolicy.from(settings, AnthropicWire.IMAGE_TYPES), settings.memoryBudget()),
                    Clock.systemUTC(),
                    RateLimitHeaders.reporter(endpoint, settings.rateLimits()));
        }
        URI base = provider.baseUrl().orElse(AnthropicTarget.Direct.ANTHROPIC_BASE);
        return new AnthropicClient(http, provider.name(),
                AnthropicTarget.Direct.of(base, settings.apiKey(provider.name())),
                new ImageFetcher(ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, false)), Clock.systemUTC(),
                RateLimitHeaders.reporter(endpoint, settings.rateLimits()));
    }

    /**
     * A client for the Anthropic API that reports no rate limits (for tests).
     *
     * @param http   the HTTP client
     * @param base   the base URL, with or without {@code /v1}
     * @param apiKey the key
     * @return the client
     */
    static LlmClient direct(UpstreamHttp http, URI base, Optional<String> apiKey) {
        return new AnthropicClient(http, "claude", AnthropicTarget.Direct.of(base, apiKey),
                new ImageFetcher(ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, false)), Clock.systemUTC(),
                (headers, model) -> { });
    }

    /**
     * A client for Claude on Vertex AI that reports no rate limits (for tests).
     *
     * @param http     the HTTP client
     * @param base     a base URL replacing the regional host
     * @param project  the Google Cloud project
     * @param location the region
     * @param auth     the auth headers per call
     * @param images   what image URLs may be downloaded (Vertex takes images inline only)
     * @return the client
     */
    static LlmClient vertex(UpstreamHttp http, Optional<URI> base, Optional<String> project, String location,
                            Supplier<Map<String, String>> auth, ImagePolicy images) {
        return new AnthropicClient(http, "vclaude", AnthropicTarget.Vertex.of(base, project, location, auth),
                new ImageFetcher(images), Clock.systemUTC(), (headers, model) -> { });
    }
}

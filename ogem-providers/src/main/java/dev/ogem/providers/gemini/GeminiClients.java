package dev.ogem.providers.gemini;

import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.providers.google.GoogleAuth;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamHttp;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds clients for the Gemini generateContent protocol: AI Studio ({@code studio}: the provider's API key
 * as {@code x-goog-api-key}) and Vertex AI ({@code vertex}: the Google Cloud project, Application Default
 * Credentials or the given credentials file). {@code base_url} replaces the default host. Image URLs are
 * downloaded only from public addresses unless the settings allow private hosts (see {@link ImagePolicy});
 * {@code gs://} image URLs reach Vertex only for the buckets the settings allow (see {@link GeminiImages}).
 */
public final class GeminiClients {

    /** The image types Gemini accepts, inline or downloaded. */
    static final Set<String> IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "image/gif");

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
        ProviderSpec provider = endpoint.provider();
        ImageFetcher images = new ImageFetcher(ImagePolicy.from(settings, IMAGE_TYPES), settings.memoryBudget());
        if (provider.kind() == ProviderKind.VERTEX) {
            String project = settings.googleCloudProject().orElseThrow(() -> new IllegalArgumentException(
                    "providers." + provider.name() + ": no Google Cloud project is set"));
            return vertex(http, GoogleAuth.applicationDefault(Optional.of(project), settings.googleCredentialsFile()),
                    project, endpoint.region().name(), provider.baseUrl(), images, settings.vertexGcsBuckets());
        }
        String key = settings.apiKey(provider.name()).orElseThrow(() -> new IllegalArgumentException(
                "providers." + provider.name() + ": no API key is set"));
        return studio(http, key, provider.baseUrl().orElse(GeminiUris.STUDIO_BASE), images);
    }

    /**
     * An AI Studio client.
     *
     * @param http   the HTTP client
     * @param apiKey the API key
     * @param base   the API root
     * @param images the image download policy
     * @return the client
     */
    static LlmClient studio(UpstreamHttp http, String apiKey, URI base, ImagePolicy images) {
        return studio(http, apiKey, base, new ImageFetcher(images));
    }

    /**
     * An AI Studio client whose image downloads go through the given fetcher (and its memory budget).
     *
     * @param http   the HTTP client
     * @param apiKey the API key
     * @param base   the API root
     * @param images the image fetcher
     * @return the client
     */
    static LlmClient studio(UpstreamHttp http, String apiKey, URI base, ImageFetcher images) {
        Map<String, String> headers = Map.of("x-goog-api-key", apiKey);
        return new GeminiClient(http, "studio", model -> GeminiUris.studio(base, model), () -> headers, () -> { },
                new GeminiRequests(GeminiDialect.STUDIO, images, Set.of()), new GeminiEmbeddings(GeminiDialect.STUDIO),
                Clock.systemUTC());
    }

    /**
     * A Vertex AI client for one location.
     *
     * @param http     the HTTP client
     * @param auth     the credentials
     * @param project  the project
     * @param location the location
     * @param base       a host replacing the regional one
     * @param images     the image download policy
     * @param gcsBuckets the buckets whose {@code gs://} image URLs Vertex may read with the gateway's identity
     * @return the client
     */
    static LlmClient vertex(UpstreamHttp http, GoogleAuth auth, String project, String location,
                            Optional<URI> base, ImagePolicy images, Set<String> gcsBuckets) {
        return vertex(http, auth, project, location, base, new ImageFetcher(images), gcsBuckets);
    }

    private static LlmClient vertex(UpstreamHttp http, GoogleAuth auth, String project, String location,
                                    Optional<URI> base, ImageFetcher images, Set<String> gcsBuckets) {
        return new GeminiClient(http, "vertex", model -> GeminiUris.vertex(base, project, location, model),
                auth::headers, auth::invalidate, new GeminiRequests(GeminiDialect.VERTEX, images, gcsBuckets),
                new GeminiEmbeddings(GeminiDialect.VERTEX), Clock.systemUTC());
    }

    /**
     * The request translator of a dialect.
     *
     * @param dialect    the host's dialect
     * @param images     the image download policy
     * @param gcsBuckets the buckets whose {@code gs://} image URLs may be passed on (Vertex only)
     * @return the translator
     */
    static GeminiRequests requests(GeminiDialect dialect, ImagePolicy images, Set<String> gcsBuckets) {
        return new GeminiRequests(dialect, new ImageFetcher(images), gcsBuckets);
    }
}

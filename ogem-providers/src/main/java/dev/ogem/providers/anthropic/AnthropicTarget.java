package dev.ogem.providers.anthropic;

import dev.ogem.api.ProviderException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a Messages call goes and how it authenticates: the Anthropic API, or Claude on Vertex AI.
 */
sealed interface AnthropicTarget {

    /**
     * The dialect of this host.
     *
     * @return the dialect
     */
    Dialect dialect();

    /**
     * The URL of one call.
     *
     * @param model  the model id
     * @param stream whether the call streams
     * @return the URL
     */
    URI uri(String model, boolean stream);

    /**
     * The URL of the host's token counter (the body names the model on both hosts).
     *
     * @param model the model id
     * @return the URL
     */
    URI countTokensUri(String model);

    /**
     * The headers of one call (auth and version).
     *
     * @return the headers
     */
    Map<String, String> headers();

    /**
     * Strips trailing slashes and one trailing {@code /v1}, so that a base URL given with or without
     * {@code /v1} (and with or without a final slash) yields the same root.
     *
     * @param base the configured base URL
     * @return the root, without a final slash
     */
    static String root(URI base) {
        String root = base.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root.endsWith("/v1") ? root.substring(0, root.length() - 3) : root;
    }

    /**
     * The Anthropic API: {@code POST {root}/v1/messages} with {@code x-api-key} and {@code anthropic-version}.
     *
     * @param messagesUri the messages URL, built once
     * @param apiKey      the key, empty when none is configured (the upstream then answers 401)
     */
    record Direct(URI messagesUri, Optional<String> apiKey) implements AnthropicTarget {

        /** Anthropic's own API: the base URL of {@code claude} when the config gives none. */
        static final URI ANTHROPIC_BASE = URI.create("https://api.anthropic.com");

        /**
         * The target for a base URL.
         *
         * @param base   such as {@code https://api.anthropic.com} or {@code https://proxy.example/v1/}
         * @param apiKey the key
         * @return the target
         */
        static Direct of(URI base, Optional<String> apiKey) {
            return new Direct(URI.create(root(base) + "/v1/messages"), apiKey);
        }

        @Override
        public Dialect dialect() {
            return Dialect.DIRECT;
        }

        @Override
        public URI uri(String model, boolean stream) {
            return messagesUri;
        }

        @Override
        public URI countTokensUri(String model) {
            return URI.create(messagesUri + "/count_tokens");
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("anthropic-version", AnthropicWire.API_VERSION);
            apiKey.ifPresent(key -> headers.put("x-api-key", key));
            return headers;
        }
    }

    /**
     * Claude on Vertex AI: {@code POST {host}/v1/projects/{P}/locations/{LOC}/publishers/anthropic/models/{MODEL}:rawPredict}
     * ({@code :streamRawPredict} for streams) with an OAuth2 bearer token.
     *
     * @param root     the host root: {@code https://{LOC}-aiplatform.googleapis.com}, or a base URL override
     * @param project  the Google Cloud project, empty when not configured
     * @param location the region, {@code global}, {@code us} or {@code eu}
     * @param auth     the auth headers, fetched per call (tokens are cached and refreshed by their source)
     */
    record Vertex(String root, Optional<String> project, String location, Supplier<Map<String, String>> auth)
            implements AnthropicTarget {

        /** Hosts of the locations that do not follow {@code https://{LOC}-aiplatform.googleapis.com}. */
        private static final Map<String, String> HOSTS = Map.of(
                "global", "https://aiplatform.googleapis.com",
                "us", "https://aiplatform.us.rep.googleapis.com",
                "eu", "https://aiplatform.eu.rep.googleapis.com");

        /**
         * The target for a region.
         *
         * @param base     a base URL replacing the host, if configured
         * @param project  the project
         * @param location the region name
         * @param auth     the auth headers
         * @return the target
         */
        static Vertex of(Optional<URI> base, Optional<String> project, String location,
                         Supplier<Map<String, String>> auth) {
            String root = base.map(AnthropicTarget::root)
                    .orElseGet(() -> HOSTS.getOrDefault(location, "https://" + location + "-aiplatform.googleapis.com"));
            return new Vertex(root, project, location, auth);
        }

        @Override
        public Dialect dialect() {
            return Dialect.VERTEX;
        }

        @Override
        public URI uri(String model, boolean stream) {
            return URI.create(models() + model + (stream ? ":streamRawPredict" : ":rawPredict"));
        }

        /** Vertex AI counts Claude tokens at the pseudo-model {@code count-tokens}. */
        @Override
        public URI countTokensUri(String model) {
            return URI.create(models() + "count-tokens:rawPredict");
        }

        private String models() {
            String p = project.orElseThrow(() -> ProviderException.of(ProviderException.Kind.AUTH,
                    "GOOGLE_CLOUD_PROJECT is not set, so Claude on Vertex AI cannot be called."));
            return root + "/v1/projects/" + p + "/locations/" + location + "/publishers/anthropic/models/";
        }

        @Override
        public Map<String, String> headers() {
            return auth.get();
        }
    }
}

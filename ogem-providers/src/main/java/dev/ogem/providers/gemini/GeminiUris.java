package dev.ogem.providers.gemini;

import java.net.URI;
import java.util.Optional;

/**
 * The generateContent and streamGenerateContent URLs of a model (and its other methods: embedContent,
 * batchEmbedContents, predict), for AI Studio and every kind of
 * Vertex AI location ({@code global}, the {@code us}/{@code eu} multi-regions, regions, and
 * fine-tuned endpoints named {@code projects/…/locations/…/endpoints/…}).
 */
final class GeminiUris {

    static final URI STUDIO_BASE = URI.create("https://generativelanguage.googleapis.com");

    private GeminiUris() {
    }

    /**
     * The URLs of one model.
     *
     * @param generate the non-streaming URL
     * @param stream   the streaming URL, with {@code alt=sse}
     * @param resource the model's URL, to which {@link #call} appends a method
     */
    record Target(URI generate, URI stream, String resource) {
        static Target of(String base, String resource) {
            String prefix = trim(base) + "/" + resource;
            return new Target(URI.create(prefix + ":generateContent"), URI.create(prefix + ":streamGenerateContent?alt=sse"),
                    prefix);
        }

        /**
         * Another method of the model, such as {@code embedContent} or {@code predict}.
         *
         * @param method the method
         * @return its URL
         */
        URI call(String method) {
            return URI.create(resource + ":" + method);
        }
    }

    /**
     * AI Studio: {@code {base}/v1beta/models/{model}}.
     *
     * @param base  the API root, {@link #STUDIO_BASE} unless {@code base_url} overrides it
     * @param model {@code gemini-…} or {@code models/gemini-…}
     * @return the URLs
     */
    static Target studio(URI base, String model) {
        String name = model.startsWith("models/") ? model : "models/" + model;
        return Target.of(base.toString(), "v1beta/" + name);
    }

    /**
     * Vertex AI: {@code {host}/v1/projects/{P}/locations/{LOC}/publishers/google/models/{model}}, or
     * {@code {host}/v1/{model}} for a fine-tuned endpoint name (whose own location picks the host).
     *
     * @param base     a {@code base_url} replacing the regional host
     * @param project  the Google Cloud project
     * @param location the region, {@code global}, {@code us} or {@code eu}
     * @param model    a publisher model id, or {@code projects/…/locations/…/endpoints/…}
     * @return the URLs
     */
    static Target vertex(Optional<URI> base, String project, String location, String model) {
        if (model.startsWith("projects/")) {
            String[] segments = model.split("/");
            String endpointLocation = segments.length > 3 && segments[2].equals("locations") ? segments[3] : location;
            return Target.of(base.map(URI::toString).orElseGet(() -> vertexHost(endpointLocation)), "v1/" + model);
        }
        return Target.of(base.map(URI::toString).orElseGet(() -> vertexHost(location)),
                "v1/projects/" + project + "/locations/" + location + "/publishers/google/models/" + model);
    }

    /**
     * The Vertex AI host of a location.
     *
     * @param location a region, {@code global}, {@code us} or {@code eu}
     * @return the host URL
     */
    static String vertexHost(String location) {
        return switch (location) {
            case "global" -> "https://aiplatform.googleapis.com";
            case "us", "eu" -> "https://aiplatform." + location + ".rep.googleapis.com";
            default -> "https://" + location + "-aiplatform.googleapis.com";
        };
    }

    private static String trim(String base) {
        String trimmed = base;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}

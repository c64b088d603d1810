package dev.ogem.providers.openai;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds endpoint URLs from a base URL exactly once, so no path segment is ever doubled. */
final class OpenAiUris {

    /** OpenAI's own API: the base URL of {@code openai} when the config gives none. */
    static final URI OPENAI_BASE = URI.create("https://api.openai.com/v1");

    private OpenAiUris() {
    }

    /**
     * Appends a path to a base URL, with one slash between them whatever the base ends with.
     *
     * @param baseUrl such as {@code https://api.openai.com/v1} or {@code http://host:8000/v1/}
     * @param path    such as {@code chat/completions}
     * @return the full URL
     */
    static URI resolve(URI baseUrl, String path) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String tail = path.startsWith("/") ? path.substring(1) : path;
        return URI.create(base + "/" + tail);
    }

    /**
     * An id as one path segment: {@code a/b c} becomes {@code a%2Fb%20c}.
     *
     * @param id a file or batch id
     * @return the encoded segment
     */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

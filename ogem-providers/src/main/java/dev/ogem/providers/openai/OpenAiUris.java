package dev.ogem.providers.openai;

import java.net.URI;

/** Builds endpoint URLs from a base URL exactly once, so no path segment is ever doubled. */
public final class OpenAiUris {

    private OpenAiUris() {
    }

    /**
     * Appends a path to a base URL, with one slash between them whatever the base ends with.
     *
     * @param baseUrl such as {@code https://api.openai.com/v1} or {@code http://host:8000/v1/}
     * @param path    such as {@code chat/completions}
     * @return the full URL
     */
    public static URI resolve(URI baseUrl, String path) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String tail = path.startsWith("/") ? path.substring(1) : path;
        return URI.create(base + "/" + tail);
    }
}

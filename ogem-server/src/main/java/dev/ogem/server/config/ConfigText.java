package dev.ogem.server.config;

import java.util.Optional;

/**
 * The raw config document, where it came from, and the validators a URL's server sent with it.
 *
 * @param content      the YAML text
 * @param description  the source, safe to log (a file path, a URL without credentials or query, or the sample)
 * @param etag         the {@code ETag} the server sent, to ask {@code If-None-Match} next time
 * @param lastModified the {@code Last-Modified} the server sent, to ask {@code If-Modified-Since} next time
 */
record ConfigText(String content, String description, Optional<String> etag, Optional<String> lastModified) {

    /**
     * A document without validators (a file or the bundled sample).
     *
     * @param content     the YAML text
     * @param description the source, safe to log
     */
    ConfigText(String content, String description) {
        this(content, description, Optional.empty(), Optional.empty());
    }

    /** What tells this document apart from another: its digest and validators. */
    ConfigVersion version() {
        return ConfigVersion.of(content, etag, lastModified);
    }
}

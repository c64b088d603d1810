package dev.ogem.server.config;

/**
 * The raw config document and a description of where it came from.
 *
 * @param content     the YAML text
 * @param description the source, safe to log (a file path, a URL without credentials or query, or the sample)
 */
record ConfigText(String content, String description) {
}

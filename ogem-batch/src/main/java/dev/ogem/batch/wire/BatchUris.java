package dev.ogem.batch.wire;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Files and Batches URLs of one endpoint, built once from its base URL with exactly one slash
 * between base and path, so no segment (such as {@code /v1}) is ever doubled.
 *
 * @param base the base as given, without trailing slashes
 */
public record BatchUris(String base) {

    /**
     * The URLs under a base URL.
     *
     * @param baseUrl such as {@code https://api.openai.com/v1} or {@code http://host:8000/v1/}
     * @return the URLs
     */
    public static BatchUris of(URI baseUrl) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new BatchUris(base);
    }

    /**
     * {@code POST} here uploads a file.
     *
     * @return {@code {base}/files}
     */
    public URI files() {
        return URI.create(base + "/files");
    }

    /**
     * {@code POST} here creates a batch.
     *
     * @return {@code {base}/batches}
     */
    public URI batches() {
        return URI.create(base + "/batches");
    }

    /**
     * {@code GET} here retrieves a batch.
     *
     * @param batchId the batch id
     * @return {@code {base}/batches/{id}}
     */
    public URI batch(String batchId) {
        return URI.create(base + "/batches/" + segment(batchId));
    }

    /**
     * {@code GET} here downloads a file's content.
     *
     * @param fileId the file id
     * @return {@code {base}/files/{id}/content}
     */
    public URI content(String fileId) {
        return URI.create(base + "/files/" + segment(fileId) + "/content");
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

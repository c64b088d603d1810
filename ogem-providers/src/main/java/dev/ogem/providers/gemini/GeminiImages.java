package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.providers.http.ImageFetcher;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Media parts: {@code data:} URIs become {@code inlineData}; {@code https} URLs are downloaded and
 * inlined for AI Studio (it takes no image URLs); on Vertex an {@code https} or {@code gs://} URL
 * whose type the file extension tells goes as {@code fileData} (Vertex fetches it), any other is
 * downloaded and inlined like on AI Studio.
 */
final class GeminiImages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "heic", "image/heic", "heif", "image/heif", "gif", "image/gif", "pdf", "application/pdf");

    private final GeminiDialect dialect;
    private final ImageFetcher fetcher;

    GeminiImages(GeminiDialect dialect, ImageFetcher fetcher) {
        this.dialect = dialect;
        this.fetcher = fetcher;
    }

    /**
     * The Gemini part for an image reference.
     *
     * @param url   a {@code data:} URI, {@code https} URL or {@code gs://} URI
     * @param param the request field, for errors
     * @return the part
     */
    ObjectNode image(String url, String param) {
        if (url.startsWith("data:")) {
            return dataUri(url, param);
        }
        Optional<String> known = typeFromExtension(url);
        if (dialect == GeminiDialect.VERTEX && known.isPresent()
                && (url.startsWith("https://") || url.startsWith("gs://"))) {
            ObjectNode part = NODES.objectNode();
            part.putObject("fileData").put("mimeType", known.get()).put("fileUri", url);
            return part;
        }
        if (url.startsWith("gs://")) {
            throw CallerException.invalid(dialect == GeminiDialect.VERTEX
                    ? "A gs:// image needs a file extension that names its type."
                    : "gs:// URIs are only available on Vertex AI.", param);
        }
        ImageFetcher.Image image = fetcher.fetch(url, param);
        return inline(image.mimeType(), Base64.getEncoder().encodeToString(image.bytes()));
    }

    /**
     * A {@code data:<mime>;base64,<data>} URI as {@code inlineData}.
     *
     * @param uri   the URI
     * @param param the request field, for errors
     * @return the part
     */
    static ObjectNode dataUri(String uri, String param) {
        int comma = uri.indexOf(',');
        String header = comma < 0 ? "" : uri.substring(5, comma);
        if (comma < 0 || !header.endsWith(";base64") || header.length() <= ";base64".length()) {
            throw CallerException.invalid("A data: URI must have the form data:<type>;base64,<data>.", param);
        }
        String mime = header.substring(0, header.length() - ";base64".length()).toLowerCase(Locale.ROOT);
        return inline(mime, uri.substring(comma + 1));
    }

    /**
     * An {@code inlineData} part.
     *
     * @param mimeType the type
     * @param base64   the data
     * @return the part
     */
    static ObjectNode inline(String mimeType, String base64) {
        ObjectNode part = NODES.objectNode();
        part.putObject("inlineData").put("mimeType", mimeType).put("data", base64);
        return part;
    }

    private static Optional<String> typeFromExtension(String url) {
        String path = url.split("[?#]")[0];
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        if (dot < 0 || dot < slash) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }
}

package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.RequestImages;

import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Media parts: {@code data:} URIs become {@code inlineData}; {@code https} URLs are downloaded and
 * inlined for AI Studio (it takes no image URLs); on Vertex an {@code https} URL whose type the file
 * extension tells goes as {@code fileData} (Vertex fetches it), any other is downloaded and inlined like on
 * AI Studio.
 *
 * <p>Vertex reads a {@code gs://} URL, and may read a Google-hosted {@code https} URL, with the gateway's own
 * Google identity, so a caller could make it read any object the gateway's service account can. So a
 * {@code gs://} URL goes to Vertex only when its bucket is one the operator allowed
 * ({@code ProviderSettings.vertexGcsBuckets}), and is the caller's 400 otherwise (and always on AI Studio,
 * which cannot read it); an {@code https} URL on a Google host ({@code *.googleapis.com},
 * {@code *.google.com}) is downloaded by ogem, anonymously and under its image policy, never passed on.
 */
final class GeminiImages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "heic", "image/heic", "heif", "image/heif", "gif", "image/gif", "pdf", "application/pdf");

    private static final String GS = "gs://";

    private final GeminiDialect dialect;
    private final RequestImages fetcher;
    private final Set<String> gcsBuckets;

    GeminiImages(GeminiDialect dialect, RequestImages fetcher, Set<String> gcsBuckets) {
        this.dialect = dialect;
        this.fetcher = fetcher;
        this.gcsBuckets = Set.copyOf(gcsBuckets);
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
        if (url.regionMatches(true, 0, GS, 0, GS.length())) {
            return cloudStorage(url, param);
        }
        Optional<String> known = typeFromExtension(url);
        if (dialect == GeminiDialect.VERTEX && known.isPresent() && url.startsWith("https://") && !googleHosted(url)) {
            return fileData(known.get(), url);
        }
        ImageFetcher.Image image = fetcher.fetch(url, param);
        return inline(image.mimeType(), Base64.getEncoder().encodeToString(image.bytes()));
    }

    private ObjectNode cloudStorage(String url, String param) {
        if (dialect != GeminiDialect.VERTEX) {
            throw CallerException.invalid("AI Studio cannot read gs:// URIs; send the image as a data: URI or an"
                    + " https URL.", param);
        }
        String path = url.substring(GS.length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        if (!url.startsWith(GS) || !gcsBuckets.contains(bucket)) {
            throw CallerException.invalid("gs:// image URLs are read by Vertex AI with the gateway's own identity,"
                    + " so only the buckets the gateway allows may be named, and '" + bucket + "' is not one of them;"
                    + " send the image as a data: URI or an https URL.", param);
        }
        if (slash < 0 || slash == path.length() - 1) {
            throw CallerException.invalid("A gs:// image URL must name an object: gs://<bucket>/<object>.", param);
        }
        String mimeType = typeFromExtension(url).orElseThrow(() -> CallerException.invalid(
                "A gs:// image needs a file extension that names its type.", param));
        return fileData(mimeType, url);
    }

    private static ObjectNode fileData(String mimeType, String url) {
        ObjectNode part = NODES.objectNode();
        part.putObject("fileData").put("mimeType", mimeType).put("fileUri", url);
        return part;
    }

    /**
     * Whether an https URL names a Google host, which Vertex may read with the gateway's identity.
     *
     * @param url the URL
     * @return true for {@code *.googleapis.com}, {@code *.google.com}, {@code *.googleusercontent.com}, and for a
     *         URL that cannot be parsed (the fetcher then refuses it)
     */
    static boolean googleHosted(String url) {
        String host;
        try {
            host = String.valueOf(URI.create(url).getHost()).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException invalid) {
            return true; // not sent on; the fetcher refuses it
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.equals("googleapis.com") || host.endsWith(".googleapis.com")
                || host.equals("google.com") || host.endsWith(".google.com")
                || host.endsWith(".googleusercontent.com");
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

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ContentPart;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.RequestImages;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI content parts → Anthropic content blocks: text, images ({@code data:} URIs become base64
 * sources; {@code https} URLs become url sources on the Anthropic API, and on Vertex AI, which cannot
 * fetch URLs, are downloaded by ogem under its {@link RequestImages} policy and sent as base64) and
 * PDF files (document blocks). Empty text is
 * skipped, since Anthropic rejects empty text blocks; a part Anthropic cannot take is a 400.
 */
final class AnthropicContent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicContent() {
    }

    /**
     * Translates the parts of one message.
     *
     * @param parts   the parts
     * @param dialect the host's dialect
     * @param images  downloads image URLs when the dialect takes only inline images
     * @param where   the request path of the message, for error messages ({@code messages[2]})
     * @return the blocks, empty text left out
     */
    static List<ObjectNode> blocks(List<ContentPart> parts, Dialect dialect, RequestImages images, String where) {
        return parts.stream()
                .map(part -> block(part, dialect, images, where))
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * A text block.
     *
     * @param text the text, not empty
     * @return the block
     */
    static ObjectNode text(String text) {
        return NODES.objectNode().put("type", "text").put("text", text);
    }

    private static Optional<ObjectNode> block(ContentPart part, Dialect dialect, RequestImages images, String where) {
        return switch (part.type()) {
            case "text" -> part.text().filter(t -> !t.isEmpty()).map(t -> withCacheControl(text(t), part));
            case "image_url" -> Optional.of(withCacheControl(image(part, dialect, images, where), part));
            case "file" -> Optional.of(withCacheControl(file(part, where), part));
            default -> throw CallerException.invalid("Claude models cannot take content parts of type '"
                    + part.type() + "'.", where + ".content");
        };
    }

    private static ObjectNode image(ContentPart part, Dialect dialect, RequestImages images, String where) {
        String url = part.imageUrl().map(ContentPart.ImageUrl::url).orElse("");
        String param = where + ".content.image_url.url";
        if (url.startsWith("data:")) {
            DataUri data = DataUri.parse(url, param);
            if (data.mediaType().equals(AnthropicWire.PDF)) {
                return document(data);
            }
            if (!AnthropicWire.IMAGE_TYPES.contains(data.mediaType())) {
                throw CallerException.invalid("Claude models take images of type " + AnthropicWire.IMAGE_TYPES
                        + " only, not " + data.mediaType() + ".", param);
            }
            return base64Image(data.mediaType(), data.base64());
        }
        if (!dialect.urlImages()) {
            ImageFetcher.Image image = images.fetch(url, param);
            return base64Image(image.mimeType(), Base64.getEncoder().encodeToString(image.bytes()));
        }
        if (url.startsWith("https://")) {
            ObjectNode block = NODES.objectNode().put("type", "image");
            block.putObject("source").put("type", "url").put("url", url);
            return block;
        }
        throw CallerException.invalid("Images must be https URLs or base64 data: URIs.", param);
    }

    private static ObjectNode base64Image(String mediaType, String base64) {
        ObjectNode block = NODES.objectNode().put("type", "image");
        block.putObject("source").put("type", "base64").put("media_type", mediaType).put("data", base64);
        return block;
    }

    private static ObjectNode file(ContentPart part, String where) {
        String param = where + ".content.file.file_data";
        String data = part.file().flatMap(ContentPart.FileData::fileData)
                .orElseThrow(() -> CallerException.invalid("Claude models take files as base64 data: URIs in "
                        + "file_data; uploaded file ids are not supported.", param));
        DataUri uri = DataUri.parse(data, param);
        if (!uri.mediaType().equals(AnthropicWire.PDF)) {
            throw CallerException.invalid("Claude models take PDF files only, not " + uri.mediaType() + ".", param);
        }
        return document(uri);
    }

    private static ObjectNode document(DataUri data) {
        ObjectNode block = NODES.objectNode().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        return block;
    }

    private static ObjectNode withCacheControl(ObjectNode block, ContentPart part) {
        JsonNode cache = part.extra().get("cache_control");
        if (cache != null && cache.isObject()) {
            block.set("cache_control", cache.deepCopy());
        }
        return block;
    }

    /**
     * A {@code data:<mime>;base64,<data>} URI split into its media type and payload.
     *
     * @param mediaType the media type
     * @param base64    the payload
     */
    record DataUri(String mediaType, String base64) {
        static DataUri parse(String uri, String param) {
            int comma = uri.indexOf(',');
            String head = comma < 0 ? "" : uri.substring("data:".length(), comma);
            if (!head.endsWith(";base64") || comma == uri.length() - 1) {
                throw CallerException.invalid("A data: URI must have the form data:<type>;base64,<data>.", param);
            }
            return new DataUri(head.substring(0, head.length() - ";base64".length()).trim(), uri.substring(comma + 1));
        }
    }
}

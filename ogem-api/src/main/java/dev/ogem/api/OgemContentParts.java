package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content parts of the original Go ogem, read into OpenAI's standard parts, and checks that a
 * part is one ogem understands. The Go ogem took only its own form,
 * {@code {"type":"text","content":{"text":"…"}}} and
 * {@code {"type":"image","content":{"url":"…","detail":"…"}}} (its Go client writes {@code "detail":""}
 * when none is set); they become a {@code text} and an {@code image_url} part. A part carrying
 * {@code content} in any other way, or a {@code text} part without its text, is refused with the
 * reason, never passed on half read.
 */
final class OgemContentParts {

    private static final Set<String> TEXT_KEYS = Set.of("text");
    private static final Set<String> IMAGE_KEYS = Set.of("url", "detail");

    private OgemContentParts() {
    }

    /**
     * The part in OpenAI's form.
     *
     * @param part the part as read
     * @return the part itself, or the standard part an ogem-form part stands for
     * @throws IllegalArgumentException when the part is malformed, with the reason
     */
    static ContentPart standard(ContentPart part) {
        if (part == null) {
            throw new IllegalArgumentException("A content part must be an object, not null.");
        }
        JsonNode content = part.extra().get("content");
        if (content == null) {
            if (part.type().equals("text") && part.text().isEmpty()) {
                throw new IllegalArgumentException("A text part needs a 'text' string (or, in the original ogem's"
                        + " form, 'content': {\"text\": …}).");
            }
            return part;
        }
        if (part.text().isPresent() || part.imageUrl().isPresent()) {
            throw new IllegalArgumentException("A content part has both OpenAI's fields and the original ogem's"
                    + " 'content'; send one form.");
        }
        Map<String, JsonNode> rest = new LinkedHashMap<>(part.extra());
        rest.remove("content");
        return switch (part.type()) {
            case "text" -> new ContentPart("text", Optional.of(nonEmpty(fields(content, TEXT_KEYS), "text")),
                    Optional.empty(), Optional.empty(), Optional.empty(), rest);
            case "image" -> new ContentPart("image_url", Optional.empty(), Optional.of(image(content)),
                    Optional.empty(), Optional.empty(), rest);
            default -> throw new IllegalArgumentException("Content parts of type '" + part.type()
                    + "' take no 'content'; the original ogem's form is {\"type\":\"text\",\"content\":{\"text\":…}}"
                    + " or {\"type\":\"image\",\"content\":{\"url\":…}}.");
        };
    }

    private static ContentPart.ImageUrl image(JsonNode content) {
        JsonNode fields = fields(content, IMAGE_KEYS);
        JsonNode detail = fields.path("detail");
        if (!detail.isMissingNode() && !detail.isNull() && !detail.isTextual()) {
            throw new IllegalArgumentException("'content.detail' of an image part must be a string.");
        }
        return new ContentPart.ImageUrl(nonEmpty(fields, "url"),
                Optional.of(detail.asText("")).filter(d -> !d.isEmpty()));
    }

    private static JsonNode fields(JsonNode content, Set<String> known) {
        if (!content.isObject()) {
            throw new IllegalArgumentException("'content' of a content part must be an object such as"
                    + " {\"text\": …} or {\"url\": …}.");
        }
        content.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("'content." + name + "' is not a field of this content part;"
                        + " it takes " + known + ".");
            }
        });
        return content;
    }

    private static String nonEmpty(JsonNode fields, String name) {
        JsonNode value = fields.path(name);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("'content." + name + "' must be a non-empty string.");
        }
        return value.asText();
    }
}

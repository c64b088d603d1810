package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Message content: a plain string or a list of typed parts, kept in the form the caller used.
 */
@JsonDeserialize(using = MessageContentReader.class)
public sealed interface MessageContent {

    /**
     * The text of the content: the string, or the text parts joined with no separator.
     *
     * @return the text
     */
    String text();

    /**
     * The content as parts; a string becomes one text part.
     *
     * @return the parts
     */
    List<ContentPart> parts();

    /**
     * String content.
     *
     * @param text the text
     */
    record Text(@JsonValue String text) implements MessageContent {
        @Override
        public List<ContentPart> parts() {
            return List.of(ContentPart.text(text));
        }
    }

    /**
     * Array content.
     *
     * @param parts the parts
     */
    record Parts(@JsonValue List<ContentPart> parts) implements MessageContent {

        /** Copies the list. */
        public Parts {
            parts = Lists.orEmpty(parts);
        }

        @Override
        public String text() {
            return parts.stream()
                    .filter(p -> p.type().equals("text"))
                    .map(p -> p.text().orElse(""))
                    .collect(Collectors.joining());
        }
    }
}

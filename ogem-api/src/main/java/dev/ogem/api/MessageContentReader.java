package dev.ogem.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link MessageContent}: a JSON string as {@link MessageContent.Text}, a JSON array as
 * {@link MessageContent.Parts}, each part in OpenAI's form or the original ogem's
 * ({@link OgemContentParts}). A malformed part fails the read with its index in the path and the
 * reason as an {@link IllegalArgumentException} cause ({@link OpenAiJson#invalidValue}).
 */
final class MessageContentReader extends JsonDeserializer<MessageContent> {
    @Override
    public MessageContent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return new MessageContent.Text(parser.getText());
        }
        if (parser.currentToken() == JsonToken.START_ARRAY) {
            List<ContentPart> read = context.readValue(parser,
                    context.getTypeFactory().constructCollectionType(List.class, ContentPart.class));
            List<ContentPart> parts = new ArrayList<>(read.size());
            for (int i = 0; i < read.size(); i++) {
                try {
                    parts.add(OgemContentParts.standard(read.get(i)));
                } catch (IllegalArgumentException invalid) {
                    JsonMappingException failure = new JsonMappingException(parser, invalid.getMessage(), invalid);
                    failure.prependPath(read, i);
                    throw failure;
                }
            }
            return new MessageContent.Parts(parts);
        }
        return (MessageContent) context.handleUnexpectedToken(MessageContent.class, parser);
    }
}

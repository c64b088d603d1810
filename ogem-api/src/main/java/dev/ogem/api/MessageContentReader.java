package dev.ogem.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

import java.io.IOException;
import java.util.List;

/**
 * Reads {@link MessageContent}: a JSON string as {@link MessageContent.Text}, a JSON array as
 * {@link MessageContent.Parts}.
 */
final class MessageContentReader extends JsonDeserializer<MessageContent> {
    @Override
    public MessageContent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return new MessageContent.Text(parser.getText());
        }
        if (parser.currentToken() == JsonToken.START_ARRAY) {
            List<ContentPart> parts = context.readValue(parser,
                    context.getTypeFactory().constructCollectionType(List.class, ContentPart.class));
            return new MessageContent.Parts(parts);
        }
        return (MessageContent) context.handleUnexpectedToken(MessageContent.class, parser);
    }
}

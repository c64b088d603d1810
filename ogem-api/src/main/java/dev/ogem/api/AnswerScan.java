package dev.ogem.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Optional;

/**
 * One pass of Jackson's streaming parser over the bytes of a chat completion, building nothing but its
 * {@code usage}: it says whether the bytes may be relayed as they are. They may when they are one JSON object
 * and nothing after it, with {@code id}, {@code object} and {@code model} as strings, {@code created} as an
 * integer, at least one choice and every choice an object with a {@code message} object, no {@code error}
 * other than {@code null}, and a {@code usage} that is {@code null}, absent or a valid {@link Usage}. Anything
 * else is left to the typed path (parse into a {@link ChatResponse}), which fills in what is missing or says
 * what is wrong, as it always did.
 */
final class AnswerScan {

    private static final int ID = 1;
    private static final int OBJECT = 2;
    private static final int MODEL = 4;
    private static final int CREATED = 8;
    private static final int CHOICES = 16;
    private static final int WHOLE = ID | OBJECT | MODEL | CREATED | CHOICES;

    private AnswerScan() {
    }

    /**
     * The usage of a completion that may be relayed as received.
     *
     * @param json the upstream's bytes
     * @return empty when the bytes must take the typed path; else the usage found (itself empty when none)
     */
    static Optional<Optional<Usage>> relayable(byte[] json) {
        try (JsonParser parser = OpenAiJson.parser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            int found = 0;
            Usage usage = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                int member = switch (name) {
                    case "id" -> value == JsonToken.VALUE_STRING ? ID : -1;
                    case "object" -> value == JsonToken.VALUE_STRING ? OBJECT : -1;
                    case "model" -> value == JsonToken.VALUE_STRING ? MODEL : -1;
                    case "created" -> value == JsonToken.VALUE_NUMBER_INT ? CREATED : -1;
                    case "choices" -> wholeChoices(parser) ? CHOICES : -1;
                    case "error" -> value == JsonToken.VALUE_NULL ? 0 : -1;
                    case "usage" -> {
                        usage = value == JsonToken.VALUE_NULL ? null : parser.readValueAs(Usage.class);
                        yield value == JsonToken.VALUE_NULL || value == JsonToken.START_OBJECT ? 0 : -1;
                    }
                    default -> {
                        parser.skipChildren();
                        yield 0;
                    }
                };
                if (member < 0) {
                    return Optional.empty();
                }
                found |= member;
            }
            boolean whole = found == WHOLE && parser.currentToken() == JsonToken.END_OBJECT
                    && parser.nextToken() == null;
            return whole ? Optional.of(Optional.ofNullable(usage)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** At the start of {@code choices}: whether it is a non-empty array of objects, each with a message object. */
    private static boolean wholeChoices(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return false;
        }
        int choices = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            boolean message = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isMessage = "message".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isMessage) {
                    message = value == JsonToken.START_OBJECT;
                }
                parser.skipChildren();
            }
            if (!message) {
                return false;
            }
            choices++;
        }
        return token == JsonToken.END_ARRAY && choices > 0;
    }
}

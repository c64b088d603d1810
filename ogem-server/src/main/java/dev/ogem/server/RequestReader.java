package dev.ogem.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.Message;
import dev.ogem.api.OpenAiJson;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a chat request body (or, through {@link #body} and {@link #parse(byte[], Class, String)}, another JSON
 * body) within a size limit and checks what every request needs, naming the field at fault in each error.
 */
final class RequestReader {


    private final long maxBytes;

    RequestReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    ChatRequest read(ServerRequest request) {
        ChatRequest chat = parse(body(request));
        if (chat.model().isBlank()) {
            throw CallerException.invalid("'model' is required.", "model");
        }
        if (chat.messages().isEmpty()) {
            throw CallerException.invalid("'messages' must hold at least one message.", "messages");
        }
        List<Message> messages = chat.messages();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role().isBlank()) {
                throw CallerException.invalid("Every message needs a 'role'.", "messages[" + i + "].role");
            }
        }
        RequestRanges.check(chat);
        return chat;
    }

    /**
     * The body, bounded by the size limit.
     *
     * @throws CallerException {@code request_too_large} past the limit
     */
    byte[] body(ServerRequest request) {
        long declared = request.headers().first(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(-1L);
        if (declared > maxBytes) {
            throw CallerException.tooLarge(maxBytes);
        }
        try (InputStream in = request.content().inputStream()) {
            if (declared >= 0) {
                // The declared length (the server ends the entity there; declared <= maxBytes was
                // checked): a small body comes back as one array of its own size, where
                // readNBytes(limit) allocated a 16 KiB scratch buffer and copied. A large one still
                // grows only as its bytes arrive.
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, declared));
            }
            // Chunked: bounded read, one byte past the limit to tell "too large" apart.
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw CallerException.tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatRequest parse(byte[] body) {
        return parse(body, ChatRequest.class, "a JSON chat completion request");
    }

    /**
     * Reads a JSON body as a record, naming the field at fault in each error.
     *
     * @param body the body
     * @param type the record
     * @param what what the body should be, for the error of an empty one
     * @param <T>  the record type
     * @return the record
     * @throws CallerException for an empty body, malformed JSON, or a field of the wrong type
     */
    static <T> T parse(byte[] body, Class<T> type, String what) {
        if (body.length == 0) {
            throw CallerException.invalid("The request body is empty; send " + what + ".", null);
        }
        try {
            T value = OpenAiJson.read(body, type);
            if (value == null) {
                throw CallerException.invalid("The request body must be a JSON object.", null);
            }
            return value;
        } catch (JsonMappingException e) {
            String field = path(e);
            throw CallerException.invalid(field.isEmpty()
                    ? "The request body must be a JSON object."
                    : "'" + field + "' has the wrong type or value"
                            + OpenAiJson.invalidValue(e).map(reason -> ": " + reason).orElse("."),
                    field.isEmpty() ? null : field);
        } catch (JsonProcessingException e) {
            throw CallerException.invalid("The request body is not valid JSON.", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}

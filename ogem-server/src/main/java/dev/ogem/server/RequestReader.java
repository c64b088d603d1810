package dev.ogem.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.Message;
import dev.ogem.api.OpenAiJson;
import dev.ogem.server.config.ClientLimits;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a chat request body (or, through {@link #body} and {@link #parse(byte[], Class, String)}, another JSON
 * body) within its limits ({@link RequestBody}) and checks what every request needs, naming the field at fault in
 * each error. One reader serves every route, so its {@link BodyBudget} bounds the bodies held at once (with the
 * images the provider clients download, which they hold under the same budget).
 */
final class RequestReader {

    private final RequestBody body;
    private final BodyBudget budget;

    RequestReader(ClientLimits limits, BodyBudget budget) {
        this.body = new RequestBody(limits);
        this.budget = budget;
    }

    /**
     * A share of the body budget, to hold until the answer is sent.
     *
     * @return the lease, grown as a body is read
     * @throws CallerException 429 when the budget is spent
     */
    BodyBudget.Lease lease() {
        return budget.open();
    }

    /**
     * Reads and checks a chat request.
     *
     * @param request the HTTP request
     * @param lease   the request's share of the body budget, grown as the body is read
     * @return the chat request
     */
    ChatRequest read(ServerRequest request, BodyBudget.Lease lease) {
        ChatRequest chat = parse(body(request, lease));
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
     * The body, within the size limit and the lease.
     *
     * @param request the HTTP request
     * @param lease   the request's share of the body budget
     * @return the bytes
     */
    byte[] body(ServerRequest request, BodyBudget.Lease lease) {
        return body.read(request, lease);
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

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
 * Reads a chat request body within its limits ({@link RequestBody}) and checks what every request needs, naming the
 * field at fault in each error.
 */
final class RequestReader {


    private final RequestBody body;

    RequestReader(ClientLimits limits) {
        this.body = new RequestBody(limits);
    }

    /**
     * Reads and checks the request.
     *
     * @param request the HTTP request
     * @param lease   the request's share of the body budget, grown as the body is read
     * @return the chat request
     */
    ChatRequest read(ServerRequest request, BodyBudget.Lease lease) {
        ChatRequest chat = parse(body.read(request, lease));
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

    private static ChatRequest parse(byte[] body) {
        if (body.length == 0) {
            throw CallerException.invalid("The request body is empty; send a JSON chat completion request.", null);
        }
        try {
            ChatRequest chat = OpenAiJson.read(body, ChatRequest.class);
            if (chat == null) {
                throw CallerException.invalid("The request body must be a JSON object.", null);
            }
            return chat;
        } catch (JsonMappingException e) {
            String field = path(e);
            throw CallerException.invalid(field.isEmpty()
                    ? "The request body must be a JSON object."
                    : "'" + field + "' has the wrong type or value.", field.isEmpty() ? null : field);
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

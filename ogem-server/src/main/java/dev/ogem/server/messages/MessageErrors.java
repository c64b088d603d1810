package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.OgemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Every ogem error in Anthropic's shape, {@code {"type":"error","error":{"type":…,"message":…}}}, with
 * the status ogem gives it and its {@code Retry-After}; the error type follows the status as in
 * Anthropic's own API (400 {@code invalid_request_error}, 401 {@code authentication_error}, 403
 * {@code permission_error}, 404 {@code not_found_error}, 413 {@code request_too_large}, 429
 * {@code rate_limit_error}, 503 and 529 {@code overloaded_error}, 504 {@code timeout_error}, any other
 * 5xx {@code api_error}).
 */
public final class MessageErrors {

    private static final Map<Integer, String> TYPES = Map.of(
            400, "invalid_request_error",
            401, "authentication_error",
            402, "billing_error",
            403, "permission_error",
            404, "not_found_error",
            408, "timeout_error",
            413, "request_too_large",
            429, "rate_limit_error",
            503, "overloaded_error",
            504, "timeout_error");

    private MessageErrors() {
    }

    /**
     * The Anthropic error type of a status.
     *
     * @param status the HTTP status
     * @return such as {@code invalid_request_error}
     */
    static String type(int status) {
        if (status == 529) {
            return "overloaded_error";
        }
        return TYPES.getOrDefault(status, status >= 500 ? "api_error" : "invalid_request_error");
    }

    /**
     * The error body.
     *
     * @param error the error
     * @return {@code {"type":"error","error":{"type","message"}}}
     */
    static ObjectNode json(OgemException error) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "error");
        root.putObject("error").put("type", type(error.status())).put("message", error.getMessage());
        return root;
    }

    /**
     * Sends an error as the whole response.
     *
     * @param response the response, not yet sent
     * @param error    the error
     */
    public static void send(ServerResponse response, OgemException error) {
        response.status(error.status());
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        error.retryAfter().ifPresent(wait -> response.header(HeaderNames.RETRY_AFTER, seconds(wait)));
        response.send(json(error).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String seconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }
}

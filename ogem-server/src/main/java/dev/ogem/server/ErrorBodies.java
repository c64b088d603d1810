package dev.ogem.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renders every ogem error as OpenAI error JSON, with its status and {@code Retry-After}, and logs the
 * ones that are bugs in ogem.
 */
final class ErrorBodies {

    private static final Logger LOG = Logger.getLogger(ErrorBodies.class.getName());

    private ErrorBodies() {
    }

    /**
     * The OpenAI error object: {@code {"error":{"message","type","param","code"}}}.
     *
     * @param error the error
     * @return the JSON tree
     */
    static ObjectNode json(OgemException error) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.getMessage());
        body.put("type", error.type());
        error.param().ifPresentOrElse(p -> body.put("param", p), () -> body.putNull("param"));
        error.code().ifPresentOrElse(c -> body.put("code", c), () -> body.putNull("code"));
        return root;
    }

    /**
     * Sends an error as the whole response.
     *
     * @param response the response, not yet sent
     * @param error    the error
     */
    static void send(ServerResponse response, OgemException error) {
        response.status(error.status());
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        error.retryAfter().ifPresent(wait -> response.header(HeaderNames.RETRY_AFTER, seconds(wait)));
        response.send(json(error).toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Logs a {@link GatewayException}, a bug in ogem, at SEVERE with its stack trace and cause; other
     * errors are answers and are not logged. Called once per error, where it is answered.
     *
     * @param where the request it failed, such as {@code POST /v1/chat/completions}
     * @param error the error
     */
    static void logIfBug(String where, OgemException error) {
        if (error instanceof GatewayException) {
            LOG.log(Level.SEVERE, "Unexpected failure on " + where, error);
        }
    }

    private static String seconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }
}

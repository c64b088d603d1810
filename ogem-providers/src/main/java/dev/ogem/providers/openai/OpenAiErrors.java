package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.http.ErrorBody;
import dev.ogem.providers.http.RetryAfter;
import dev.ogem.providers.http.UpstreamCall;
import io.helidon.webclient.api.HttpClientResponse;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns an OpenAI-protocol error answer ({@code {"error":{"message","type","param","code"}}})
 * into a {@link ProviderException}, classified by status and error code only ({@link OpenAiErrorKinds}):
 * the answers of chat completions, of the Files and Batches calls, and the error lines of a batch. 401 and
 * 403 of a chat completion are the gateway's credentials refused ({@code AUTH}), a 404 or the code
 * {@code model_not_found} its configured model unknown ({@code NOT_FOUND}); neither passes the upstream's
 * message on, since it may echo a key.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /**
     * Reads a chat completion's error answer.
     *
     * @param response a response whose status is not 200
     * @param call     the provider and model called, named in the gateway's own faults
     * @return the classified error
     */
    static ProviderException from(HttpClientResponse response, UpstreamCall call) {
        int status = response.status().code();
        JsonNode error = readError(response);
        return classify(status, error, RetryAfter.from(response.headers()).orElse(null), call);
    }

    /**
     * Classifies an error object, from a status line or from an {@code error} event mid-stream.
     *
     * @param status     the HTTP status (500 for an error inside a stream)
     * @param error      the {@code error} object, or a missing node
     * @param retryAfter the wait the upstream asked for, or {@code null}
     * @param call       the provider and model called
     * @return the classified error
     */
    static ProviderException classify(int status, JsonNode error, Duration retryAfter, UpstreamCall call) {
        String code = text(error, "code").orElse(null);
        Kind kind = status == 404 || "model_not_found".equals(code) ? Kind.NOT_FOUND
                : OpenAiErrorKinds.of(status, Optional.ofNullable(code));
        if (kind == Kind.AUTH) {
            return call.credentialsRefused("HTTP " + status);
        }
        if (kind == Kind.NOT_FOUND) {
            return call.modelUnknown("HTTP " + status);
        }
        String message = text(error, "message").orElse("The upstream answered HTTP " + status + ".");
        return build(kind, message, status, error).retryAfter(retryAfter).build();
    }

    /**
     * Reads the error answer of a Files or Batches call.
     *
     * @param what     what was being done, such as {@code Uploading the batch input file}
     * @param response a response whose status is not 2xx
     * @return the classified error, its message starting with {@code what failed: }
     */
    static ProviderException failed(String what, HttpClientResponse response) {
        return failed(what, response.status().code(), ErrorBody.read(response).path("error"));
    }

    /**
     * Classifies the error of a call or of one batch line that came back with a non-200 status.
     *
     * @param what   what was being done, such as {@code The batch request}
     * @param status the HTTP status
     * @param error  the {@code error} object, or a missing node
     * @return the classified error, its message starting with {@code what failed: }
     */
    static ProviderException failed(String what, int status, JsonNode error) {
        Kind kind = OpenAiErrorKinds.of(status, text(error, "code"));
        String detail = kind == Kind.AUTH
                ? "the upstream rejected the gateway's credentials"
                : text(error, "message").orElse("the upstream answered HTTP " + status);
        return build(kind, what + " failed: " + detail, status, error).build();
    }

    /**
     * A batch line that failed without an HTTP answer ({@code "response": null, "error": {code, message}}).
     *
     * @param error the line's {@code error} object
     * @return the error
     */
    static ProviderException line(JsonNode error) {
        String code = text(error, "code").orElse("batch_line_failed");
        Kind kind = OpenAiErrorKinds.ofCode(code).orElse(Kind.SERVER_ERROR);
        return ProviderException.builder(kind, "The batch request failed: " + text(error, "message").orElse(code))
                .code(code).build();
    }

    /**
     * A call that got an answer it cannot use.
     *
     * @param message what happened
     * @param cause   the underlying exception, if any
     * @return the error
     */
    static ProviderException badResponse(String message, Optional<Throwable> cause) {
        ProviderException.Builder builder = ProviderException.builder(Kind.BAD_RESPONSE, message);
        cause.ifPresent(builder::cause);
        return builder.build();
    }

    private static ProviderException.Builder build(Kind kind, String message, int status, JsonNode error) {
        ProviderException.Builder builder = ProviderException.builder(kind, message)
                .code(text(error, "code").orElse(null));
        text(error, "type").ifPresent(builder::type);
        text(error, "param").ifPresent(builder::param);
        if (kind == Kind.REJECTED) {
            builder.status(status);
        }
        return builder;
    }

    private static JsonNode readError(HttpClientResponse response) {
        return ErrorBody.read(response).path("error");
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }
}

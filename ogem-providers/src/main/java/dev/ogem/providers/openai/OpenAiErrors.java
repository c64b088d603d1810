package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiErrorKinds;
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
 * into a {@link ProviderException}, classified by status and error code only: 401 and 403 are the
 * gateway's credentials refused ({@code AUTH}), a 404 or the code {@code model_not_found} its configured
 * model unknown ({@code NOT_FOUND}); neither passes the upstream's message on, since it may echo a key.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /**
     * Reads an error answer.
     *
     * @param response a response whose status is not 200
     * @param call     the provider and model called, named in the gateway's own faults
     * @return the classified error
     */
    public static ProviderException from(HttpClientResponse response, UpstreamCall call) {
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
    public static ProviderException classify(int status, JsonNode error, Duration retryAfter, UpstreamCall call) {
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
        ProviderException.Builder builder = ProviderException.builder(kind, message).code(code).retryAfter(retryAfter);
        text(error, "type").ifPresent(builder::type);
        text(error, "param").ifPresent(builder::param);
        if (kind == Kind.REJECTED) {
            builder.status(status);
        }
        return builder.build();
    }

    private static JsonNode readError(HttpClientResponse response) {
        return ErrorBody.read(response).path("error");
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }
}

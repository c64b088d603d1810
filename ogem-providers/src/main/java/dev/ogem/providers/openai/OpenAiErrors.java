package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiErrorKinds;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.http.ErrorBody;
import dev.ogem.providers.http.RetryAfter;
import io.helidon.webclient.api.HttpClientResponse;

import java.util.Optional;

/**
 * Turns an OpenAI-protocol error answer ({@code {"error":{"message","type","param","code"}}})
 * into a {@link ProviderException}, classified by status and error code only.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /**
     * Reads an error answer.
     *
     * @param response a response whose status is not 200
     * @return the classified error
     */
    public static ProviderException from(HttpClientResponse response) {
        int status = response.status().code();
        JsonNode error = readError(response);
        return classify(status, error, RetryAfter.from(response.headers()).orElse(null));
    }

    /**
     * Classifies an error object, from a status line or from an {@code error} event mid-stream.
     *
     * @param status     the HTTP status (500 for an error inside a stream)
     * @param error      the {@code error} object, or a missing node
     * @param retryAfter the wait the upstream asked for, or {@code null}
     * @return the classified error
     */
    public static ProviderException classify(int status, JsonNode error, java.time.Duration retryAfter) {
        String code = text(error, "code").orElse(null);
        Kind kind = OpenAiErrorKinds.of(status, Optional.ofNullable(code));
        String message = kind == Kind.AUTH
                ? "The upstream provider rejected the gateway's credentials (HTTP " + status + ")."
                : text(error, "message").orElse("The upstream answered HTTP " + status + ".");
        ProviderException.Builder builder = ProviderException.builder(kind, message).code(code).retryAfter(retryAfter);
        text(error, "type").ifPresent(builder::type);
        text(error, "param").ifPresent(builder::param);
        if (kind == Kind.REJECTED || kind == Kind.AUTH) {
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

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.http.ErrorBody;
import dev.ogem.providers.http.RetryAfter;
import dev.ogem.providers.http.UpstreamCall;
import io.helidon.webclient.api.HttpClientResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic errors ({@code {"type":"error","error":{"type","message"}}}, with an HTTP status, or as
 * an {@code error} event inside a 200 stream) → {@link ProviderException}. Classified from the
 * structured error type, else from the status; never from message text. Anthropic has no
 * structured type for an over-long prompt, so that is a plain {@code REJECTED} 400. 529
 * {@code overloaded_error} is {@code OVERLOADED} (retryable); {@code Retry-After} is kept. Refused
 * credentials ({@code authentication_error}, {@code permission_error}, {@code billing_error}, 401-403) are
 * {@code AUTH} and an unknown model ({@code not_found_error}, 404) {@code NOT_FOUND}: the gateway's own
 * configuration at fault, named as such, without the upstream's message (which may echo the key).
 */
final class AnthropicErrors {


    private static final Map<String, Kind> BY_TYPE = Map.of(
            "invalid_request_error", Kind.REJECTED,
            "not_found_error", Kind.NOT_FOUND,
            "request_too_large", Kind.REJECTED,
            "authentication_error", Kind.AUTH,
            "permission_error", Kind.AUTH,
            "billing_error", Kind.AUTH,
            "rate_limit_error", Kind.RATE_LIMITED,
            "api_error", Kind.SERVER_ERROR,
            "overloaded_error", Kind.OVERLOADED,
            "timeout_error", Kind.TIMEOUT);

    private static final Map<Integer, Kind> BY_STATUS = Map.ofEntries(
            Map.entry(400, Kind.REJECTED), Map.entry(404, Kind.NOT_FOUND), Map.entry(413, Kind.REJECTED),
            Map.entry(422, Kind.REJECTED),
            Map.entry(401, Kind.AUTH), Map.entry(402, Kind.AUTH), Map.entry(403, Kind.AUTH),
            Map.entry(408, Kind.TIMEOUT), Map.entry(504, Kind.TIMEOUT),
            Map.entry(429, Kind.RATE_LIMITED),
            Map.entry(503, Kind.OVERLOADED), Map.entry(529, Kind.OVERLOADED));

    private AnthropicErrors() {
    }

    /**
     * Reads an error answer.
     *
     * @param response a response whose status is not 200
     * @param call     the provider and model called, named in the gateway's own faults
     * @return the classified error
     */
    static ProviderException from(HttpClientResponse response, UpstreamCall call) {
        return classify(Optional.of(response.status().code()), readError(response),
                RetryAfter.from(response.headers()), call);
    }

    /**
     * Classifies an {@code error} object.
     *
     * @param status     the HTTP status; empty for an {@code error} event inside a stream
     * @param error      the inner {@code error} object, or a missing node
     * @param retryAfter the wait the upstream asked for
     * @param call       the provider and model called
     * @return the classified error
     */
    static ProviderException classify(Optional<Integer> status, JsonNode error, Optional<Duration> retryAfter,
                                      UpstreamCall call) {
        String type = error.path("type").asText("");
        Kind kind = Optional.ofNullable(BY_TYPE.get(type))
                .or(() -> status.map(s -> BY_STATUS.getOrDefault(s, s >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED)))
                .orElse(Kind.SERVER_ERROR);
        String detail = status.map(s -> "HTTP " + s).orElse("in the stream") + (type.isEmpty() ? "" : ", " + type);
        if (kind == Kind.AUTH) {
            return call.credentialsRefused(detail);
        }
        if (kind == Kind.NOT_FOUND) {
            return call.modelUnknown(detail);
        }
        String where = status.map(s -> " (HTTP " + s + ")").orElse("");
        String message = error.path("message").isTextual() ? error.get("message").asText()
                : "Anthropic answered with an error" + where + ".";
        ProviderException.Builder builder = ProviderException.builder(kind, message);
        if (!type.isEmpty()) {
            builder.code(AnthropicWire.ERROR_CODES.getOrDefault(type, type));
        }
        retryAfter.ifPresent(builder::retryAfter);
        if (kind == Kind.REJECTED) {
            status.ifPresent(builder::status);
        }
        return builder.build();
    }

    private static JsonNode readError(HttpClientResponse response) {
        return ErrorBody.read(response).path("error");
    }
}

package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import dev.ogem.providers.http.ErrorBody;
import dev.ogem.providers.http.RetryAfter;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamWait;
import io.helidon.webclient.api.HttpClientResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Google RPC errors ({@code {"error":{"code","message","status","details"}}}, also wrapped in an
 * array by Vertex, or an HTML/empty body from the edge) → {@link ProviderException}. Classified by
 * {@code ErrorInfo.reason}, then the RPC {@code status}, then the HTTP status; never by message text.
 * Refused credentials ({@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}, 401, 403, and AI Studio's
 * invalid key, HTTP 400 with reason {@code API_KEY_INVALID}) are {@code AUTH}, an unknown model or endpoint
 * ({@code NOT_FOUND}, 404) {@code NOT_FOUND}: the gateway's own configuration at fault, named as such. The
 * wait comes from {@code Retry-After}, else from a {@code google.rpc.RetryInfo} detail.
 */
final class GeminiErrors {


    /** {@code ErrorInfo.reason} → kind and the HTTP status ogem answers with. */
    private static final Map<String, Outcome> BY_REASON = Map.of(
            "API_KEY_INVALID", new Outcome(Kind.AUTH, 401),
            "API_KEY_EXPIRED", new Outcome(Kind.AUTH, 401),
            "ACCESS_TOKEN_EXPIRED", new Outcome(Kind.AUTH, 401));

    /** Google RPC status → kind and status. */
    private static final Map<String, Outcome> BY_RPC_STATUS = Map.ofEntries(
            Map.entry("INVALID_ARGUMENT", new Outcome(Kind.REJECTED, 400)),
            Map.entry("FAILED_PRECONDITION", new Outcome(Kind.REJECTED, 400)),
            Map.entry("OUT_OF_RANGE", new Outcome(Kind.REJECTED, 400)),
            Map.entry("NOT_FOUND", new Outcome(Kind.NOT_FOUND, 404)),
            Map.entry("UNAUTHENTICATED", new Outcome(Kind.AUTH, 401)),
            Map.entry("PERMISSION_DENIED", new Outcome(Kind.AUTH, 403)),
            Map.entry("RESOURCE_EXHAUSTED", new Outcome(Kind.RATE_LIMITED, 429)),
            Map.entry("UNAVAILABLE", new Outcome(Kind.OVERLOADED, 503)),
            Map.entry("INTERNAL", new Outcome(Kind.SERVER_ERROR, 502)),
            Map.entry("UNKNOWN", new Outcome(Kind.SERVER_ERROR, 502)),
            Map.entry("DEADLINE_EXCEEDED", new Outcome(Kind.TIMEOUT, 504)));

    /** HTTP status → kind, when the body says nothing structured. */
    private static final Map<Integer, Kind> BY_HTTP_STATUS = Map.of(
            400, Kind.REJECTED, 404, Kind.NOT_FOUND, 413, Kind.REJECTED,
            401, Kind.AUTH, 403, Kind.AUTH,
            429, Kind.RATE_LIMITED,
            503, Kind.OVERLOADED,
            504, Kind.TIMEOUT);

    private GeminiErrors() {
    }

    /**
     * Reads an error answer.
     *
     * @param response a response whose status is not 200
     * @param call     the provider and model called, named in the gateway's own faults
     * @return the classified error
     */
    static ProviderException from(HttpClientResponse response, UpstreamCall call) {
        return classify(response.status().code(), errorOf(readBody(response)), RetryAfter.from(response.headers()),
                call);
    }

    /**
     * The {@code error} object of a body: an object, or the first element of an array.
     *
     * @param body the parsed body, or a missing node
     * @return the error object, or a missing node
     */
    static JsonNode errorOf(JsonNode body) {
        JsonNode root = body.isArray() ? body.path(0) : body;
        return root.path("error");
    }

    /**
     * Classifies an error object, from a status line or from inside a stream.
     *
     * @param httpStatus the HTTP status (200 for an error inside a stream)
     * @param error      the {@code error} object, or a missing node
     * @param retryAfter the wait from the headers
     * @param call       the provider and model called
     * @return the classified error
     */
    static ProviderException classify(int httpStatus, JsonNode error, Optional<Duration> retryAfter, UpstreamCall call) {
        String rpcStatus = error.path("status").asText("");
        int status = httpStatus == 200 ? error.path("code").asInt(500) : httpStatus;
        Optional<String> reason = detail(error, "google.rpc.ErrorInfo").map(d -> d.path("reason").asText(""));
        Outcome outcome = reason.map(BY_REASON::get)
                .or(() -> Optional.ofNullable(BY_RPC_STATUS.get(rpcStatus)))
                .orElseGet(() -> new Outcome(BY_HTTP_STATUS.getOrDefault(status,
                        status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED), status));
        String detail = "HTTP " + status + (rpcStatus.isEmpty() ? "" : " " + rpcStatus);
        if (outcome.kind() == Kind.AUTH) {
            return call.credentialsRefused(detail);
        }
        if (outcome.kind() == Kind.NOT_FOUND) {
            return call.modelUnknown(detail);
        }
        String message = error.path("message").isTextual()
                ? error.path("message").asText()
                : "The Gemini API answered HTTP " + status + " without an error description.";
        ProviderException.Builder builder = ProviderException.builder(outcome.kind(), message)
                .retryAfter(retryAfter.or(() -> retryDelay(error)).orElse(null));
        if (!rpcStatus.isEmpty()) {
            builder.code(rpcStatus);
        }
        if (outcome.kind() == Kind.REJECTED) {
            builder.status(outcome.status() >= 400 && outcome.status() < 500 ? outcome.status() : 400);
        }
        return builder.build();
    }

    /** {@code RetryInfo.retryDelay}: a protobuf duration, {@code "1.5s"} in JSON; at most {@link UpstreamWait#MAX}. */
    private static Optional<Duration> retryDelay(JsonNode error) {
        return detail(error, "google.rpc.RetryInfo").map(d -> d.path("retryDelay"))
                .filter(JsonNode::isTextual)
                .flatMap(delay -> UpstreamWait.goDuration(delay.asText()));
    }

    private static Optional<JsonNode> detail(JsonNode error, String type) {
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText("").endsWith("/" + type)) {
                return Optional.of(detail);
            }
        }
        return Optional.empty();
    }

    private static JsonNode readBody(HttpClientResponse response) {
        return ErrorBody.read(response);
    }

    private record Outcome(Kind kind, int status) {
    }
}

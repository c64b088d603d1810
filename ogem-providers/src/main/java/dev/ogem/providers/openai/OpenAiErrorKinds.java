package dev.ogem.providers.openai;

import dev.ogem.api.ProviderException.Kind;

import java.util.Map;
import java.util.Optional;

/**
 * How an OpenAI-protocol error answer ({@code {"error":{"code",…}}} with an HTTP status) is
 * classified: by its error code when that says more than the status, else by the status; never by
 * message text. Shared by the chat client and the Batch API calls, which read the same errors. A 404 is
 * {@code REJECTED} here, as the Batch API reads it (an unknown batch or file); the chat client makes it a
 * {@code NOT_FOUND} (an unknown model) itself.
 */
final class OpenAiErrorKinds {

    private static final Map<Integer, Kind> BY_STATUS = Map.ofEntries(
            Map.entry(400, Kind.REJECTED), Map.entry(404, Kind.REJECTED), Map.entry(409, Kind.REJECTED),
            Map.entry(413, Kind.REJECTED), Map.entry(422, Kind.REJECTED),
            Map.entry(401, Kind.AUTH), Map.entry(403, Kind.AUTH),
            Map.entry(408, Kind.TIMEOUT), Map.entry(504, Kind.TIMEOUT),
            Map.entry(429, Kind.RATE_LIMITED),
            Map.entry(503, Kind.OVERLOADED), Map.entry(529, Kind.OVERLOADED));

    private static final Map<String, Kind> BY_CODE = Map.of(
            "context_length_exceeded", Kind.CONTEXT_WINDOW_EXCEEDED,
            "string_above_max_length", Kind.CONTEXT_WINDOW_EXCEEDED,
            "content_filter", Kind.CONTENT_FILTERED,
            "content_policy_violation", Kind.CONTENT_FILTERED);

    private OpenAiErrorKinds() {
    }

    /**
     * The kind of an error answer.
     *
     * @param status the HTTP status (500 for an error inside a stream)
     * @param code   the error's {@code code}, when it has one
     * @return the kind: from the code when it is a known one, else from the status (other 5xx are
     *         {@code SERVER_ERROR}, other statuses {@code REJECTED})
     */
    static Kind of(int status, Optional<String> code) {
        return code.flatMap(OpenAiErrorKinds::ofCode)
                .orElseGet(() -> BY_STATUS.getOrDefault(status, status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED));
    }

    /**
     * The kind an error code alone names.
     *
     * @param code the error's {@code code}
     * @return the kind, or empty for a code that does not name one
     */
    static Optional<Kind> ofCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}

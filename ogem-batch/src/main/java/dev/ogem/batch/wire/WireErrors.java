package dev.ogem.batch.wire;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ogem.api.OpenAiErrorKinds;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;

/**
 * Turns OpenAI error answers (of the Files and Batches calls, and of single batch lines) into
 * {@link ProviderException}s, classified by HTTP status and error code only, never by message text.
 */
public final class WireErrors {

    private WireErrors() {
    }

    /**
     * An error answer of status {@code status} whose body holds {@code {"error":{…}}}.
     *
     * @param what   what was being done, such as {@code Uploading the batch input file}
     * @param status the HTTP status
     * @param error  the {@code error} object, or a missing node
     * @return the classified error
     */
    public static ProviderException http(String what, int status, JsonNode error) {
        Optional<String> code = WireBatch.text(error, "code");
        Kind kind = OpenAiErrorKinds.of(status, code);
        String detail = kind == Kind.AUTH
                ? "the upstream rejected the gateway's credentials"
                : WireBatch.text(error, "message").orElse("the upstream answered HTTP " + status);
        ProviderException.Builder builder = ProviderException.builder(kind, what + " failed: " + detail);
        code.ifPresent(builder::code);
        WireBatch.text(error, "type").ifPresent(builder::type);
        WireBatch.text(error, "param").ifPresent(builder::param);
        if (kind == Kind.REJECTED || kind == Kind.AUTH) {
            builder.status(status);
        }
        return builder.build();
    }

    /**
     * A batch line that failed without an HTTP answer ({@code "response": null, "error": {code, message}}).
     *
     * @param error the line's {@code error} object
     * @return the error
     */
    public static ProviderException line(JsonNode error) {
        String code = WireBatch.text(error, "code").orElse("batch_line_failed");
        Kind kind = OpenAiErrorKinds.ofCode(code).orElse(Kind.SERVER_ERROR);
        return ProviderException.builder(kind, "The batch request failed: "
                        + WireBatch.text(error, "message").orElse(code))
                .code(code).build();
    }

    /**
     * A whole batch that ended without results for its callers.
     *
     * @param batchId the batch
     * @param state   failed, expired or cancelled
     * @param detail  the batch's first error, or empty
     * @return the error
     */
    public static ProviderException batchEnded(String batchId, BatchState state, String detail) {
        Kind kind = state == BatchState.EXPIRED ? Kind.TIMEOUT : Kind.SERVER_ERROR;
        String message = switch (state) {
            case EXPIRED -> "The batch " + batchId + " expired: it was not done within its 24 h completion window.";
            case CANCELLED -> "The batch " + batchId + " was cancelled upstream.";
            default -> "The batch " + batchId + " failed" + (detail.isEmpty() ? "." : ": " + detail);
        };
        return ProviderException.builder(kind, message).code("batch_" + state.wire()).build();
    }

    /**
     * A call that got no usable answer.
     *
     * @param kind    how it failed
     * @param message what happened
     * @param cause   the underlying exception, or empty
     * @return the error
     */
    public static ProviderException of(Kind kind, String message, Optional<Throwable> cause) {
        ProviderException.Builder builder = ProviderException.builder(kind, message);
        cause.ifPresent(builder::cause);
        return builder.build();
    }
}

package dev.ogem.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * An upstream provider failed or refused. {@link #kind()} says how, classified from the HTTP
 * status and the provider's structured error, never from message text.
 *
 * <p>How each kind is answered when no other endpoint serves the request (status, OpenAI {@code type},
 * {@code code}): {@code REJECTED}, {@code CONTEXT_WINDOW_EXCEEDED}, {@code CONTENT_FILTERED} 400
 * {@code invalid_request_error} (or the upstream's own 4xx status, type and code); {@code AUTH} 502
 * {@code api_error} {@code upstream_auth_failed}; {@code NOT_FOUND} 502 {@code api_error}
 * {@code upstream_model_not_found}; {@code RATE_LIMITED} 429 {@code rate_limit_error}
 * {@code rate_limit_exceeded}; {@code OVERLOADED} 503, {@code TIMEOUT} 504 ({@code upstream_timeout}),
 * {@code SERVER_ERROR}, {@code UNREACHABLE}, {@code BAD_RESPONSE} 502, all {@code upstream_error}. An
 * {@code AUTH} or {@code NOT_FOUND} is the gateway's own configuration at fault (its credentials, or the
 * model id or base URL it was configured with), never the caller's: it always has that 502, whatever the
 * upstream answered, so a client never mistakes it for its own key being wrong.
 */
public final class ProviderException extends OgemException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How an upstream call failed, and whether another endpoint may succeed where this one did not. */
    public enum Kind {
        /** The provider rejected the request as invalid (400, 413, 422): returned to the caller as is. */
        REJECTED(false),
        /**
         * The provider refused the gateway's own credentials (401, 403): the gateway's configuration is at
         * fault, not the caller; another endpoint, with credentials of its own, may serve the request.
         */
        AUTH(true),
        /**
         * The provider does not know the model or the endpoint (404): the model id or base URL the gateway was
         * configured with is wrong, not the caller's request; another endpoint may serve it.
         */
        NOT_FOUND(true),
        /** The prompt does not fit the model's context window: the next model of a chain may fit it. */
        CONTEXT_WINDOW_EXCEEDED(false),
        /** The provider's content filter refused the request. */
        CONTENT_FILTERED(false),
        /** The provider's own rate limit (429). */
        RATE_LIMITED(true),
        /** The provider is overloaded (Anthropic 529, 503). */
        OVERLOADED(true),
        /** The provider failed (500, 502, 504). */
        SERVER_ERROR(true),
        /** No answer in time. */
        TIMEOUT(true),
        /** No connection could be made. */
        UNREACHABLE(true),
        /** The answer could not be understood. */
        BAD_RESPONSE(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /**
         * Whether another endpoint may succeed.
         *
         * @return true when the next endpoint should be tried
         */
        public boolean retryable() {
            return retryable;
        }
    }

    /**
     * The longest wait a provider error carries: one hour. An upstream that asks for more (a {@code Retry-After}
     * of years would cool a bucket for the whole fleet and outlive restarts) gets this.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Kind kind;
    private final Duration retryAfter;

    private ProviderException(Builder builder) {
        super(builder.status, builder.type, builder.code, builder.param, builder.message, builder.cause, false);
        this.kind = builder.kind;
        this.retryAfter = builder.retryAfter;
    }

    /**
     * An error of a kind, with the status, type and code the kind usually has.
     *
     * @param kind    how the call failed
     * @param message what happened, safe to show the caller
     * @return the error
     */
    public static ProviderException of(Kind kind, String message) {
        return new Builder(kind, message).build();
    }

    /**
     * An error of a kind caused by another exception, with the status, type and code the kind usually has.
     *
     * @param kind    how the call failed
     * @param message what happened, safe to show the caller
     * @param cause   the underlying exception
     * @return the error
     */
    public static ProviderException of(Kind kind, String message, Throwable cause) {
        return new Builder(kind, message).cause(cause).build();
    }

    /**
     * Starts an error of a kind, with the status and type the kind usually has, for an error that
     * carries more: the upstream's own status, type, code or param, or a wait.
     *
     * @param kind    how the call failed
     * @param message what happened, safe to show the caller
     * @return a builder
     */
    public static Builder builder(Kind kind, String message) {
        return new Builder(kind, message);
    }

    /**
     * How the call failed.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether another endpoint may succeed.
     *
     * @return the kind's retryability
     */
    public boolean retryable() {
        return kind.retryable();
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Builds a {@link ProviderException}. */
    public static final class Builder {
        private final Kind kind;
        private final String message;
        private int status;
        private String type;
        private String code;
        private String param;
        private Duration retryAfter;
        private Throwable cause;

        private Builder(Kind kind, String message) {
            this.kind = kind;
            this.message = message;
            this.status = defaultStatus(kind);
            this.type = defaultType(kind);
            this.code = defaultCode(kind);
        }

        private static int defaultStatus(Kind kind) {
            return switch (kind) {
                case REJECTED, CONTEXT_WINDOW_EXCEEDED, CONTENT_FILTERED -> 400;
                case RATE_LIMITED -> 429;
                case OVERLOADED -> 503;
                case AUTH, NOT_FOUND, SERVER_ERROR, UNREACHABLE, BAD_RESPONSE -> 502;
                case TIMEOUT -> 504;
            };
        }

        private static String defaultType(Kind kind) {
            return switch (kind) {
                case REJECTED, CONTEXT_WINDOW_EXCEEDED, CONTENT_FILTERED -> "invalid_request_error";
                case AUTH, NOT_FOUND -> "api_error";
                case RATE_LIMITED -> "rate_limit_error";
                default -> "upstream_error";
            };
        }

        private static String defaultCode(Kind kind) {
            return switch (kind) {
                case CONTEXT_WINDOW_EXCEEDED -> "context_length_exceeded";
                case CONTENT_FILTERED -> "content_filter";
                case RATE_LIMITED -> "rate_limit_exceeded";
                case TIMEOUT -> "upstream_timeout";
                case AUTH -> "upstream_auth_failed";
                case NOT_FOUND -> "upstream_model_not_found";
                default -> null;
            };
        }

        /** Whether the kind is the gateway's configuration at fault, always rendered the kind's own way. */
        private static boolean gatewayFault(Kind kind) {
            return kind == Kind.AUTH || kind == Kind.NOT_FOUND;
        }

        /**
         * The HTTP status to answer with, for errors passed through as the upstream sent them. Ignored for
         * {@code AUTH} and {@code NOT_FOUND}, which are always the gateway's 502.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /**
         * The upstream's error type. Ignored for {@code AUTH} and {@code NOT_FOUND}.
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /**
         * The upstream's error code. Ignored for {@code AUTH} and {@code NOT_FOUND}.
         *
         * @param code the code
         * @return this builder
         */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /**
         * The request field the upstream named. Ignored for {@code AUTH} and {@code NOT_FOUND}.
         *
         * @param param the field
         * @return this builder
         */
        public Builder param(String param) {
            this.param = param;
            return this;
        }

        /**
         * How long the upstream asked us to wait.
         *
         * @param retryAfter the wait; {@code null} or negative for none, cut to {@link #MAX_RETRY_AFTER}
         * @return this builder
         */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null
                    : retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            return this;
        }

        /**
         * The underlying exception.
         *
         * @param cause the cause
         * @return this builder
         */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /**
         * Builds the error.
         *
         * @return the error
         */
        public ProviderException build() {
            if (gatewayFault(kind)) {
                status = defaultStatus(kind);
                type = defaultType(kind);
                code = defaultCode(kind);
                param = null;
            }
            return new ProviderException(this);
        }
    }
}

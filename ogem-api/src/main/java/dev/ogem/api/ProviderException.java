package dev.ogem.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * An upstream provider failed or refused. {@link #kind()} says how, classified from the HTTP
 * status and the provider's structured error, never from message text.
 */
public final class ProviderException extends OgemException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How an upstream call failed, and whether another endpoint may succeed where this one did not. */
    public enum Kind {
        /** The provider rejected the request as invalid (400, 404, 413, 422): returned to the caller as is. */
        REJECTED(false),
        /** The provider refused ogem's credentials (401, 403). */
        AUTH(false),
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
            this.status = switch (kind) {
                case REJECTED, CONTEXT_WINDOW_EXCEEDED, CONTENT_FILTERED -> 400;
                case AUTH -> 401;
                case RATE_LIMITED -> 429;
                case OVERLOADED -> 503;
                case SERVER_ERROR, UNREACHABLE, BAD_RESPONSE -> 502;
                case TIMEOUT -> 504;
            };
            this.type = switch (kind) {
                case REJECTED, CONTEXT_WINDOW_EXCEEDED, CONTENT_FILTERED -> "invalid_request_error";
                case AUTH -> "authentication_error";
                case RATE_LIMITED -> "rate_limit_error";
                default -> "upstream_error";
            };
            this.code = switch (kind) {
                case CONTEXT_WINDOW_EXCEEDED -> "context_length_exceeded";
                case CONTENT_FILTERED -> "content_filter";
                case RATE_LIMITED -> "rate_limit_exceeded";
                case TIMEOUT -> "upstream_timeout";
                default -> null;
            };
        }

        /**
         * The HTTP status to answer with, for errors passed through as the upstream sent them.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /**
         * The upstream's error type.
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /**
         * The upstream's error code.
         *
         * @param code the code
         * @return this builder
         */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /**
         * The request field the upstream named.
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
         * @param retryAfter the wait
         * @return this builder
         */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
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
            return new ProviderException(this);
        }
    }
}

package dev.ogem.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * The root of every error ogem reports. Each one knows the HTTP status and the OpenAI error
 * {@code type}, {@code code} and {@code param} it is rendered with; subclasses say whose fault it is:
 * the caller's ({@link CallerException}), ogem's own limits' ({@link QuotaException}), a provider's
 * ({@link ProviderException}) or ogem's own, a bug ({@link GatewayException}). One is no fault at all:
 * {@link PendingException}, an answer that is not in yet. Each is made by its class's static
 * factories; only a {@link GatewayException} records its stack trace, the others are expected answers
 * whose trace would cost time and say nothing.
 */
public abstract sealed class OgemException extends RuntimeException
        permits CallerException, QuotaException, ProviderException, GatewayException, PendingException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    OgemException(int status, String type, String code, String param, String message, Throwable cause,
                  boolean stackTrace) {
        super(message, cause, false, stackTrace);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /**
     * The HTTP status to answer with.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The OpenAI error type, such as {@code invalid_request_error}.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * The OpenAI error code, such as {@code model_not_found}.
     *
     * @return the code, if any
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /**
     * The request field at fault.
     *
     * @return the field, if any
     */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /**
     * How long to wait before trying again.
     *
     * @return the wait, for errors that have one
     */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}

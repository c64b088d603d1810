package dev.ogem.api;

import java.io.Serial;

/**
 * ogem itself failed (500): a bug or an unexpected state, never the caller's or a provider's fault.
 * It records its stack trace, and the server logs it with its cause once.
 */
public final class GatewayException extends OgemException {

    @Serial
    private static final long serialVersionUID = 1L;

    private GatewayException(String message, Throwable cause) {
        super(500, "server_error", null, null, message, cause, true);
    }

    /**
     * An internal failure caused by another exception.
     *
     * @param message what failed, safe to show the caller
     * @param cause   the underlying exception
     * @return the error
     */
    public static GatewayException of(String message, Throwable cause) {
        return new GatewayException(message, cause);
    }

    /**
     * An internal failure of ogem's own making.
     *
     * @param message what failed, safe to show the caller
     * @return the error
     */
    public static GatewayException of(String message) {
        return new GatewayException(message, null);
    }
}

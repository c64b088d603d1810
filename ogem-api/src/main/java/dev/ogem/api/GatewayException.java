package dev.ogem.api;

/**
 * ogem itself failed (500): a bug or an unexpected state, never the caller's or a provider's fault.
 */
public final class GatewayException extends OgemException {

    /**
     * An internal failure.
     *
     * @param message what failed, safe to show the caller
     * @param cause   the underlying exception
     */
    public GatewayException(String message, Throwable cause) {
        super(500, "server_error", null, null, message, cause);
    }
}

package dev.ogem.quota;

/**
 * A {@link Records} operation could not reach Valkey (it is out, timed out or answered with an error).
 * Nothing was served from local memory instead; retrying later may succeed. The message names the
 * endpoint and the cause, never a secret.
 */
public final class StateUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An operation that failed while the store already knew Valkey was out.
     *
     * @param message what failed, and why
     * @return the error
     */
    public static StateUnavailableException of(String message) {
        return new StateUnavailableException(message, null);
    }

    /**
     * An operation that failed with an error of its own.
     *
     * @param message what failed, and why
     * @param cause   the underlying error
     * @return the error
     */
    public static StateUnavailableException of(String message, Throwable cause) {
        return new StateUnavailableException(message, cause);
    }
}

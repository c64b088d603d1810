package dev.ogem.quota.valkey;

import java.io.Serial;

/** There is no usable connection to Valkey right now. */
final class ValkeyUnavailableException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    ValkeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.ogem.quota.valkey;

/** There is no usable connection to Valkey right now. */
final class ValkeyUnavailableException extends RuntimeException {
    ValkeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

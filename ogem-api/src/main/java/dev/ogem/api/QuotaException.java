package dev.ogem.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * ogem's own limits refuse the request now (429); the caller may retry after {@link #retryAfter()}.
 */
public final class QuotaException extends OgemException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    private QuotaException(String message, Duration retryAfter) {
        super(429, "rate_limit_error", "rate_limit_exceeded", null, message, null, false);
        this.retryAfter = retryAfter;
    }

    /**
     * A refusal for quota.
     *
     * @param message    what is exhausted
     * @param retryAfter when to try again
     * @return the error
     */
    public static QuotaException exhausted(String message, Duration retryAfter) {
        return new QuotaException(message, retryAfter);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}

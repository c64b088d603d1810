package dev.ogem.batch.queue;

import dev.ogem.api.ProviderException;
import dev.ogem.quota.StateUnavailableException;

import java.time.Duration;

/** The answer when the shared state cannot record a {@code @batch} job: retryable, nothing was sent. */
final class StoreErrors {
    private StoreErrors() {
    }

    /**
     * A retryable error (503, code {@code batch_state_unavailable}, {@code Retry-After} 1 s).
     *
     * @param cause the store's failure
     * @return the error
     */
    static ProviderException unavailable(StateUnavailableException cause) {
        return ProviderException.builder(ProviderException.Kind.OVERLOADED,
                        "The @batch request could not be recorded: the shared state store is unavailable, so no"
                                + " batch was created for it. Send it again shortly.")
                .code("batch_state_unavailable").retryAfter(Duration.ofSeconds(1)).cause(cause).build();
    }
}

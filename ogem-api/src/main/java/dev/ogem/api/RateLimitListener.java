package dev.ogem.api;

import java.time.Duration;

/**
 * Hears what an upstream says about its own limits on an answer that succeeded: when its
 * rate-limit headers report nothing left (OpenAI {@code x-ratelimit-remaining-*: 0}, Anthropic
 * {@code anthropic-ratelimit-*-remaining: 0}), the endpoint should not be sent more of that model
 * until the reset. A provider client calls it; the router cools the endpoint down fleet-wide.
 */
@FunctionalInterface
public interface RateLimitListener {

    /** A listener that ignores every hint. */
    RateLimitListener NONE = (endpoint, model, resetIn) -> { };

    /**
     * The upstream has no requests or tokens left for a model until {@code resetIn} from now.
     *
     * @param endpoint the endpoint that answered
     * @param model    the model name sent upstream
     * @param resetIn  how long until the upstream's limit resets, positive
     */
    void exhausted(Endpoint endpoint, String model, Duration resetIn);
}

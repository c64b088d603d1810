package dev.ogem.batch;

import dev.ogem.providers.OpenAiBatches;

import java.net.URI;
import java.util.Objects;

/**
 * Where a batched request goes: the Batch API of an endpoint, named by its base URL (one of the
 * {@link OpenAiBatches} the queue was created with), and the model to ask for there. Requests for
 * different targets never share a batch (a batch input file names one model).
 *
 * @param baseUrl the {@link OpenAiBatches#baseUrl()} of the endpoint
 * @param model   the model name to send
 */
public record BatchTarget(URI baseUrl, String model) {
    /**
     * Checks the components.
     */
    public BatchTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
    }
}

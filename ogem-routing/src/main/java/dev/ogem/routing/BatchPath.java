package dev.ogem.routing;

import dev.ogem.api.Endpoint;
import dev.ogem.batch.BatchQueue;
import dev.ogem.batch.BatchTarget;

import java.util.Objects;
import java.util.Optional;

/**
 * How the router sends {@code @batch} models through the OpenAI Batch API: the queue, and where each
 * endpoint's Files and Batches API is. The router does not own the queue; its creator closes it.
 *
 * @param queue   the batch queue
 * @param targets the batch target of an endpoint for a model name
 */
public record BatchPath(BatchQueue queue, Targets targets) {

    /** Checks for nulls. */
    public BatchPath {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(targets, "targets");
    }

    /** Where an endpoint takes batch jobs. */
    @FunctionalInterface
    public interface Targets {
        /**
         * The batch target of an endpoint.
         *
         * @param endpoint the endpoint
         * @param model    the model name to send, without {@code @batch}
         * @return the target; empty when the endpoint has no OpenAI Batch API (its protocol is not OpenAI's)
         */
        Optional<BatchTarget> of(Endpoint endpoint, String model);
    }
}

package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.PendingException;
import dev.ogem.api.ProviderException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code @batch} part of routing. A candidate goes through the {@link BatchLane} when the caller's model
 * entry or the candidate's configured name ends with {@code @batch} and the lane serves its endpoint
 * (OpenAI-protocol endpoints, in the gateway); the model sent is the configured name without the suffix. Such calls
 * skip rpm/tpm admission (the Batch API has its own limits), the response cache and latency
 * measurement, and wait at most the caller's remaining deadline. A pending answer ({@code batch_pending})
 * or a caller error is the answer, never a reason to fall back: a fallback would send the request at
 * full price. A retryable upstream failure (an expired or failed batch, a failed upload) moves to the
 * next batch candidate; any other is the answer.
 */
final class BatchCalls {

    private static final Logger LOG = Logger.getLogger(BatchCalls.class.getName());

    private final Optional<BatchLane> lane;
    private final RouterSettings settings;

    BatchCalls(Optional<BatchLane> lane, RouterSettings settings) {
        this.lane = lane;
        this.settings = settings;
    }

    /**
     * A candidate with the model its batch jobs send.
     *
     * @param candidate the candidate
     * @param model     its configured name without {@code @batch}
     */
    record Batched(Candidate candidate, String model) {
    }

    /**
     * The candidates of one chain entry that go through the Batch API, in config order.
     *
     * @param query      the entry as the caller wrote it
     * @param candidates its candidates
     * @return the batched ones; empty without a batch lane or when none asks for {@code @batch}
     */
    List<Batched> batched(ModelQuery query, List<Candidate> candidates) {
        if (lane.isEmpty()) {
            return List.of();
        }
        return candidates.stream()
                .filter(c -> query.batch() || ModelQuery.isBatch(c.model().name()))
                .filter(c -> lane.get().serves(c.endpoint()))
                .map(c -> new Batched(c, ModelQuery.withoutBatchSuffix(c.model().name())))
                .toList();
    }

    /** The error of a stream that asks for {@code @batch}. */
    static CallerException noStreaming(String model) {
        return CallerException.invalid("The model '" + model + "' is a @batch model: its answer comes from an"
                + " OpenAI Batch API job and cannot be streamed. Send the request with \"stream\": false.", "stream");
    }

    /**
     * Submits the request to each batched candidate in turn until one answers.
     *
     * @return the answer, or empty when every candidate failed in a retryable way (noted in {@code misses})
     * @throws PendingException  {@code batch_pending} when the deadline passes first
     * @throws ProviderException a failure that another endpoint would not fix
     */
    Optional<Routed<ChatResponse>> complete(List<Batched> batched, ChatRequest request, Instant deadline,
                                            Misses misses) {
        for (Batched one : batched) {
            Duration left = Duration.between(settings.clock().instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                misses.deadlinePassed();
                return Optional.empty();
            }
            try {
                Endpoint endpoint = one.candidate().endpoint();
                ChatResponse answer = lane.orElseThrow().submit(endpoint, one.model(), request, left);
                Route route = new Route(endpoint.provider().name(), endpoint.region().name(), one.model());
                return Optional.of(new Routed<>(answer, route, Optional.empty()));
            } catch (ProviderException e) {
                LOG.log(Level.FINE, () -> "Batch via " + one.candidate().endpoint().label() + " failed: " + e.kind());
                misses.failed(e);
                if (!e.retryable()) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }
}

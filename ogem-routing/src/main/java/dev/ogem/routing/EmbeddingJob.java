package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.EmbeddingInput;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelKind;
import dev.ogem.quota.Reservation;

import java.time.Duration;
import java.util.Optional;

/**
 * An embeddings request: served by embedding models only, always cached (embeddings are deterministic),
 * never batched. An attempt reserves the input's token estimate (there is no output) and settles to the
 * upstream's {@code usage}.
 *
 * @param request the request as the caller sent it
 * @param input   its input, read once
 */
record EmbeddingJob(EmbeddingRequest request, EmbeddingInput input) implements Job<EmbeddingResponse> {

    /**
     * A job.
     *
     * @param request the request
     * @throws CallerException when its input is malformed
     */
    EmbeddingJob(EmbeddingRequest request) {
        this(request, request.inputs());
    }

    @Override
    public String model() {
        return request.model();
    }

    @Override
    public ModelKind kind() {
        return ModelKind.EMBEDDING;
    }

    @Override
    public long tokens(TokenEstimator tokens, String model) {
        return tokens.embedding(input, model);
    }

    @Override
    public Optional<String> cacheKey(String model) {
        return Optional.of(ResponseCache.key(request, model));
    }

    @Override
    public Class<EmbeddingResponse> answerType() {
        return EmbeddingResponse.class;
    }

    @Override
    public Optional<CallerException> batchRefusal(String entry) {
        return Optional.of(CallerException.invalid("The model '" + entry + "' is a @batch model; the batch lane"
                + " serves chat completions only. Send embeddings to a model without @batch.", "model"));
    }

    @Override
    public EmbeddingResponse attempt(Attempts attempts, Candidate candidate, LlmClient client,
                                     Reservation reservation, Duration timeout) {
        return attempts.embed(candidate, client, request.withModel(candidate.model().name()), reservation, timeout);
    }
}

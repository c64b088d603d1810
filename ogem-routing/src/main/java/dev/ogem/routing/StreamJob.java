package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelKind;
import dev.ogem.quota.Reservation;

import java.time.Duration;
import java.util.Optional;

/**
 * A streamed chat completion: never cached, never batched; an attempt succeeds once its first chunk arrived.
 *
 * @param request the request as the caller sent it
 */
record StreamJob(ChatRequest request) implements Job<ChunkStream> {

    @Override
    public String model() {
        return request.model();
    }

    @Override
    public ModelKind kind() {
        return ModelKind.CHAT;
    }

    @Override
    public long tokens(TokenEstimator tokens, String model) {
        return tokens.reservation(request, model);
    }

    @Override
    public Optional<String> cacheKey(String model) {
        return Optional.empty();
    }

    @Override
    public Class<ChunkStream> answerType() {
        return ChunkStream.class;
    }

    @Override
    public Optional<CallerException> batchRefusal(String entry) {
        return Optional.of(BatchCalls.noStreaming(entry));
    }

    @Override
    public ChunkStream attempt(Attempts attempts, Candidate candidate, LlmClient client, Reservation reservation,
                               Duration timeout) {
        return attempts.stream(candidate, client, request.withModel(candidate.model().name()), reservation, timeout);
    }
}

package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelKind;
import dev.ogem.quota.Reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A chat completion in one piece: cached when deterministic ({@link ResponseCache#cacheable}), and the one
 * job the {@code @batch} lane serves.
 *
 * @param request   the request as the caller sent it
 * @param cacheable whether its answer is cached
 */
record ChatJob(ChatRequest request, boolean cacheable) implements Job<ChatResponse> {

    ChatJob(ChatRequest request) {
        this(request, ResponseCache.cacheable(request));
    }

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
        return cacheable ? Optional.of(ResponseCache.key(request, model)) : Optional.empty();
    }

    @Override
    public Class<ChatResponse> answerType() {
        return ChatResponse.class;
    }

    @Override
    public Optional<CallerException> batchRefusal(String entry) {
        return Optional.empty();
    }

    @Override
    public Optional<Routed<ChatResponse>> viaBatch(BatchCalls batch, List<BatchCalls.Batched> batched,
                                                   Instant deadline, Misses misses) {
        return batch.complete(batched, request, deadline, misses);
    }

    @Override
    public ChatResponse attempt(Attempts attempts, Candidate candidate, LlmClient client, Reservation reservation,
                                Duration timeout) {
        return attempts.complete(candidate, client, request.withModel(candidate.model().name()), reservation, timeout);
    }
}

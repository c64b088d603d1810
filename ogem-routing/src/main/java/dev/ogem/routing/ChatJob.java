package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelKind;
import dev.ogem.quota.Reservation;

import java.io.IOException;
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
record ChatJob(ChatRequest request, boolean cacheable) implements Job<ChatAnswer> {

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
    public Class<ChatAnswer> answerType() {
        return ChatAnswer.class;
    }

    /**
     * The answer's JSON ({@link CachedChat}): for an OpenAI-protocol upstream the bytes it sent, before any
     * fingerprint is set.
     */
    @Override
    public byte[] cacheJson(ChatAnswer answer) {
        return CachedChat.write(answer);
    }

    /** Relayed as stored when it is a whole completion, else read as a record. */
    @Override
    public ChatAnswer cached(byte[] json) throws IOException {
        return CachedChat.read(json);
    }

    @Override
    public Optional<CallerException> batchRefusal(String entry) {
        return Optional.empty();
    }

    @Override
    public Optional<Routed<ChatAnswer>> viaBatch(BatchCalls batch, List<BatchCalls.Batched> batched,
                                                 Instant deadline, Misses misses) {
        return batch.complete(batched, request, deadline, misses)
                .map(routed -> new Routed<>(ChatAnswer.of(routed.value()), routed.route(), routed.cache()));
    }

    @Override
    public ChatAnswer attempt(Attempts attempts, Candidate candidate, LlmClient client, Reservation reservation,
                                Duration timeout) {
        return attempts.complete(candidate, client, request.withModel(candidate.model().name()), reservation, timeout);
    }
}

package dev.ogem.routing;

import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.LlmClient;
import dev.ogem.api.StreamOptions;
import dev.ogem.api.Usage;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * One admitted upstream call, plain or streamed: bounded by the first-byte timeout, measured, and
 * settled. A plain call settles to its {@code usage.total_tokens} (or the estimate when none is given);
 * a stream asks the upstream for usage and settles at its end ({@link SettlingStream}). A plain answer
 * counts as a latency sample only when it is short ({@value #SHORT_ANSWER_TOKENS} output tokens or fewer),
 * where total time is close to time to first token; a stream's sample is its time to first chunk.
 * Embeddings settle to their {@code usage.total_tokens} (an answer without usage gets the estimate as its
 * usage) and are no latency sample (their time grows with the
 * input, and the latency that orders candidates is the endpoint's time to a chat answer).
 */
final class Attempts {

    static final int SHORT_ANSWER_TOKENS = 32;

    private final StateStore store;
    private final HealthBoard health;
    private final Feedback feedback;
    private final RouterSettings settings;

    Attempts(StateStore store, HealthBoard health, Feedback feedback, RouterSettings settings) {
        this.store = store;
        this.health = health;
        this.feedback = feedback;
        this.settings = settings;
    }

    ChatAnswer complete(Candidate candidate, LlmClient client, ChatRequest request, Reservation reservation,
                        Duration timeout) {
        EndpointHealth endpoint = health.of(candidate.endpoint());
        endpoint.inFlight().incrementAndGet();
        try {
            long start = settings.nanoTime().getAsLong();
            ChatAnswer response = TimedCall.within(timeout, candidate.endpoint().label(),
                    () -> client.answer(request), ignored -> { });
            Duration took = Duration.ofNanos(settings.nanoTime().getAsLong() - start);
            store.settle(reservation, response.usage().map(Usage::totalTokens).orElse(reservation.tokens()));
            boolean shortAnswer = response.usage().map(u -> u.completionTokens() <= SHORT_ANSWER_TOKENS).orElse(false);
            feedback.succeeded(candidate, shortAnswer ? Optional.of(took) : Optional.empty());
            return response;
        } finally {
            endpoint.inFlight().decrementAndGet();
        }
    }

    EmbeddingResponse embed(Candidate candidate, LlmClient client, EmbeddingRequest request, Reservation reservation,
                            Duration timeout) {
        EndpointHealth endpoint = health.of(candidate.endpoint());
        endpoint.inFlight().incrementAndGet();
        try {
            EmbeddingResponse response = TimedCall.within(timeout, candidate.endpoint().label(),
                    () -> client.embed(request), ignored -> { });
            EmbeddingResponse counted = response.usage().isPresent() ? response
                    : response.withUsage(EmbeddingResponse.Usage.of(reservation.tokens()));
            store.settle(reservation, counted.usage().orElseThrow().totalTokens());
            feedback.succeeded(candidate, Optional.empty());
            return counted;
        } finally {
            endpoint.inFlight().decrementAndGet();
        }
    }

    ChunkStream stream(Candidate candidate, LlmClient client, ChatRequest request, Reservation reservation,
                       Duration timeout) {
        boolean clientWantsUsage = request.streamOptions().flatMap(StreamOptions::includeUsage).orElse(false);
        StreamOptions withUsage = new StreamOptions(Optional.of(true), request.streamOptions()
                .map(o -> new LinkedHashMap<>(o.extra())).orElseGet(LinkedHashMap::new));
        ChatRequest upstream = request.withStreamOptions(withUsage);
        EndpointHealth endpoint = health.of(candidate.endpoint());
        endpoint.inFlight().incrementAndGet();
        try {
            long start = settings.nanoTime().getAsLong();
            ChunkStream opened = TimedCall.within(timeout, candidate.endpoint().label(),
                    () -> FirstChunkStream.open(client.stream(upstream)), ChunkStream::close);
            feedback.succeeded(candidate, Optional.of(Duration.ofNanos(settings.nanoTime().getAsLong() - start)));
            return new SettlingStream(opened, clientWantsUsage, reservation.tokens(), tokens -> {
                endpoint.inFlight().decrementAndGet();
                store.settle(reservation, tokens);
            });
        } catch (RuntimeException e) {
            endpoint.inFlight().decrementAndGet();
            throw e;
        }
    }
}

package dev.ogem.routing;

import dev.ogem.api.CallerException;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ModelKind;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.Reservation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One kind of work that {@link FallbackRouter} routes through the same chain, candidate order, admission,
 * fallback and cache machinery: a chat completion ({@link ChatJob}), a stream ({@link StreamJob}) or
 * embeddings ({@link EmbeddingJob}). A job says which models may serve it, how many tokens one attempt
 * reserves, whether and under which key its answer is cached, what becomes of {@code @batch} entries, and how
 * one admitted attempt runs.
 *
 * @param <T> the kind of answer
 */
interface Job<T> {

    /**
     * The caller's model string.
     *
     * @return the model string as sent
     */
    String model();

    /**
     * What a candidate's model must serve.
     *
     * @return the kind
     */
    ModelKind kind();

    /**
     * Tokens one attempt reserves against its bucket's tpm.
     *
     * @param tokens the estimator
     * @param model  the canonical name of the candidate's model
     * @return the estimate
     */
    long tokens(TokenEstimator tokens, String model);

    /**
     * The response cache key of the answer a model would give.
     *
     * @param model the canonical model name
     * @return the key; empty when the job is not cacheable
     */
    Optional<String> cacheKey(String model);

    /**
     * What a cached answer is read back as.
     *
     * @return the answer's class
     */
    Class<T> answerType();

    /**
     * The JSON an answer is cached as.
     *
     * @param answer the answer
     * @return its JSON, UTF-8
     */
    default byte[] cacheJson(T answer) {
        return OpenAiJson.write(answer);
    }

    /**
     * A cached answer read back.
     *
     * @param json what {@link #cacheJson} made of it
     * @return the answer
     * @throws IOException when the JSON is not such an answer
     */
    default T cached(byte[] json) throws IOException {
        return OpenAiJson.read(json, answerType());
    }

    /**
     * Why the job cannot go through the {@code @batch} lane, checked before anything is sent.
     *
     * @param entry the first chain entry with {@code @batch} candidates, as the caller wrote it
     * @return the refusal; empty when {@link #viaBatch} serves it
     */
    Optional<CallerException> batchRefusal(String entry);

    /**
     * Sends the job through the batch lane (only called when {@link #batchRefusal} is empty).
     *
     * @param batch    the batch part of routing
     * @param batched  the entry's batched candidates
     * @param deadline the request's deadline
     * @param misses   where failures are noted
     * @return the answer, or empty when every batched candidate failed retryably
     */
    default Optional<Routed<T>> viaBatch(BatchCalls batch, List<BatchCalls.Batched> batched, Instant deadline,
                                         Misses misses) {
        throw new IllegalStateException("this job does not go through the batch lane");
    }

    /**
     * One admitted attempt on one candidate.
     *
     * @param attempts    how attempts run
     * @param candidate   the candidate
     * @param client      its client
     * @param reservation its reservation, to settle or (on failure, by the router) release
     * @param timeout     the first-byte timeout
     * @return the answer
     */
    T attempt(Attempts attempts, Candidate candidate, LlmClient client, Reservation reservation, Duration timeout);
}

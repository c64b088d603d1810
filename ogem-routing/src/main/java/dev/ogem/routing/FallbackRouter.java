package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderException;
import dev.ogem.quota.Admission;
import dev.ogem.quota.Reservation;
import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The routing loop, the same for every {@link Job} (a chat completion, a stream, embeddings). The chain is
 * resolved for the job's kind of model. For each chain entry: the cache (deterministic requests), then the candidates in
 * {@link CandidateOrder}; each is admitted through the {@link StateStore} before its call. A retryable
 * failure moves to the next candidate, a context-window failure to the next chain entry, any other
 * failure is the answer. When every candidate of an entry is throttled, the router waits for the
 * shortest wait if the total stays within {@code retry_interval} and the deadline, then tries again
 * (at most {@value #MAX_ROUNDS} rounds); otherwise the next entry, and finally {@link Misses#failure()}.
 * The request has one wait budget for its whole chain: {@code m,m,m} waits at most {@code retry_interval}
 * in all, not once per entry. A stream keeps the request's deadline to its end ({@link DeadlineStream}).
 */
final class FallbackRouter implements Router {

    static final int MAX_ROUNDS = 10;
    private static final Logger LOG = Logger.getLogger(FallbackRouter.class.getName());

    private final Catalog catalog;
    private final Function<Endpoint, LlmClient> clients;
    private final StateStore store;
    private final RouterSettings settings;
    private final HealthBoard health;
    private final CandidateOrder order;
    private final Feedback feedback;
    private final ResponseCache cache;
    private final TokenEstimator tokens;
    private final Attempts attempts;
    private final BatchCalls batch;
    private final Chains chains;
    private final AttemptListener listener;

    FallbackRouter(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store, RouterSettings settings,
                   HealthBoard health, Optional<BatchLane> batchLane, AttemptListener listener) {
        this.catalog = catalog;
        this.clients = clients;
        this.store = store;
        this.settings = settings;
        this.health = health;
        this.order = new CandidateOrder(health, settings);
        this.feedback = new Feedback(store, health, settings);
        this.cache = new ResponseCache(store, settings.cacheTtl());
        this.tokens = new TokenEstimator(settings.defaultOutputTokens());
        this.attempts = new Attempts(store, health, feedback, settings);
        this.batch = new BatchCalls(batchLane, settings);
        this.chains = new Chains(catalog, batch);
        this.listener = listener;
    }

    @Override
    public Routed<ChatAnswer> answer(ChatRequest request, RouteOptions options) {
        return route(new ChatJob(request), deadline(options), options);
    }

    @Override
    public Routed<ChunkStream> stream(ChatRequest request, RouteOptions options) {
        Instant deadline = deadline(options);
        Routed<ChunkStream> routed = route(new StreamJob(request), deadline, options);
        return new Routed<>(DeadlineStream.watch(routed.value(), deadline, settings.clock()), routed.route(),
                routed.cache());
    }

    @Override
    public Routed<EmbeddingResponse> embed(EmbeddingRequest request, RouteOptions options) {
        return route(new EmbeddingJob(request), deadline(options), options);
    }

    @Override
    public List<Route> routes(String model) {
        return chains.of(model).stream().flatMap(link -> Stream.concat(
                link.batched().stream().map(BatchCalls.Batched::candidate), link.unbatched().stream()))
                .map(Candidate::route).toList();
    }

    @Override
    public List<EndpointStatus> status() {
        return StatusReport.of(catalog, store, health, settings);
    }

    @Override
    public void close() {
        // nothing of its own to release; the pinger (when there is one) is closed by its owner
    }

    /**
     * Routes a job: the cache (stored to on a miss), then each chain entry's candidates, with rounds of
     * waiting for quota.
     */
    private <T> Routed<T> route(Job<T> job, Instant deadline, RouteOptions options) {
        List<Chains.Link> chain = chains.of(job.model(), job.kind());
        for (Chains.Link link : chain) {
            if (!link.batched().isEmpty()) {
                job.batchRefusal(link.query().text()).ifPresent(refusal -> {
                    throw refusal;
                });
                break;
            }
        }
        Misses misses = new Misses(job.model());
        QuotaWaits waits = new QuotaWaits();
        for (Chains.Link chainEntry : chain) {
            if (!chainEntry.batched().isEmpty()) {
                Optional<Routed<T>> answer = job.viaBatch(batch, chainEntry.batched(), deadline, misses);
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            List<Candidate> entry = chainEntry.unbatched();
            if (entry.isEmpty()) {
                continue;
            }
            if (!options.bypassCache()) {
                Optional<Routed<T>> hit = cache.lookup(entry, job);
                if (hit.isPresent()) {
                    return hit.get();
                }
            }
            Optional<Routed<T>> answer = rounds(entry, job, deadline, misses, waits);
            if (answer.isPresent()) {
                Routed<T> routed = answer.get();
                Optional<String> key = job.cacheKey(routed.route().model());
                key.ifPresent(k -> cache.store(k, routed.route(), job.cacheJson(routed.value())));
                return key.isPresent() ? new Routed<>(routed.value(), routed.route(), Optional.of(CacheOutcome.MISS))
                        : routed;
            }
        }
        throw misses.failure();
    }

    /** Rounds over one entry's candidates until one answers, the entry is done, or waiting no longer fits. */
    private <T> Optional<Routed<T>> rounds(List<Candidate> entry, Job<T> job, Instant deadline, Misses misses,
                                           QuotaWaits waits) {
        for (int round = 1; ; round++) {
            misses.newRound();
            Outcome<T> outcome = tryEntry(entry, job, deadline, misses);
            if (outcome.answer().isPresent() || outcome.nextEntry()) {
                return outcome.answer();
            }
            Optional<Duration> wait = misses.roundWait();
            Instant now = settings.clock().instant();
            if (wait.isEmpty() || round >= MAX_ROUNDS
                    || waits.total.plus(wait.get()).compareTo(catalog.retryInterval()) > 0
                    || !now.plus(wait.get()).isBefore(deadline)) {
                return Optional.empty();
            }
            sleep(wait.get());
            waits.total = waits.total.plus(wait.get());
        }
    }

    private <T> Outcome<T> tryEntry(List<Candidate> entry, Job<T> job, Instant deadline, Misses misses) {
        for (Candidate candidate : order.order(entry)) {
            Duration left = Duration.between(settings.clock().instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                misses.deadlinePassed();
                return Outcome.nothing();
            }
            EndpointHealth endpoint = health.of(candidate.endpoint());
            boolean trial = endpoint.consecutiveFailures() >= settings.circuitFailures();
            if (trial && !endpoint.trial().compareAndSet(false, true)) {
                misses.circuitOpen(Duration.ofSeconds(1));
                continue;
            }
            try {
                Optional<Outcome<T>> outcome = admit(candidate, endpoint, job, left, misses);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
            } finally {
                if (trial) {
                    endpoint.trial().set(false);
                }
            }
        }
        return Outcome.nothing();
    }

    /** Admits one candidate and calls it; empty when the round goes on to the next candidate. */
    private <T> Optional<Outcome<T>> admit(Candidate candidate, EndpointHealth endpoint, Job<T> job, Duration left,
                                           Misses misses) {
        long need = job.tokens(tokens, candidate.model().name());
        Admission admission = store.reserve(candidate.bucket(), candidate.limits(), need,
                List.of(candidate.limitKey(), candidate.circuitKey(), candidate.refusedKey()));
        switch (admission) {
            case Admission.CoolingDown cooling when cooling.key().equals(candidate.limitKey()) -> {
                listener.attempted(candidate.route(), AttemptListener.QUOTA_REFUSED);
                misses.throttled(cooling.remaining());
            }
            case Admission.CoolingDown unknown when unknown.key().equals(candidate.refusedKey()) ->
                    misses.refused(candidate.modelUnknown(unknown.remaining()));
            case Admission.CoolingDown circuitOpen -> {
                if (endpoint.credentialsRefused()) {
                    misses.refused(candidate.credentialsRefused(circuitOpen.remaining()));
                }
                misses.circuitOpen(circuitOpen.remaining());
            }
            case Admission.TooLarge tooLarge -> {
                listener.attempted(candidate.route(), AttemptListener.QUOTA_REFUSED);
                misses.tooLarge(tooLarge);
            }
            case Admission.Refused refused -> {
                listener.attempted(candidate.route(), AttemptListener.QUOTA_REFUSED);
                misses.throttled(refused.retryAfter());
            }
            case Admission.Admitted admitted -> {
                Optional<Routed<T>> answer = call(candidate, job, admitted.reservation(),
                        min(settings.firstByteTimeout(), left), misses);
                if (answer.isPresent()) {
                    return Optional.of(Outcome.of(answer.get()));
                }
                if (misses.contextWindow()) {
                    return Optional.of(Outcome.next());
                }
            }
        }
        return Optional.empty();
    }

    private <T> Optional<Routed<T>> call(Candidate candidate, Job<T> job, Reservation reservation, Duration timeout,
                                         Misses misses) {
        try {
            T value = job.attempt(attempts, candidate, clients.apply(candidate.endpoint()), reservation, timeout);
            listener.attempted(candidate.route(), AttemptListener.SUCCESS);
            return Optional.of(new Routed<>(value, candidate.route(), Optional.empty()));
        } catch (ProviderException e) {
            store.release(reservation);
            listener.attempted(candidate.route(), AttemptListener.outcome(e.kind()));
            LOG.log(Level.FINE, () -> candidate.endpoint().label() + " failed: " + e.kind());
            feedback.failed(candidate, e, misses);
            if (!e.retryable() && e.kind() != ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED) {
                throw e;
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            store.release(reservation);
            listener.attempted(candidate.route(), AttemptListener.ERROR);
            throw e;
        }
    }

    private void sleep(Duration wait) {
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(ProviderException.Kind.TIMEOUT,
                    "The request was interrupted while waiting for quota.");
        }
    }

    private Instant deadline(RouteOptions options) {
        return settings.clock().instant().plus(options.timeout().orElse(settings.requestTimeout()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The time one request has waited for quota so far, over its whole chain. */
    private static final class QuotaWaits {
        private Duration total = Duration.ZERO;
    }

    /** What one round over an entry's candidates came to. */
    private record Outcome<T>(Optional<Routed<T>> answer, boolean nextEntry) {
        static <T> Outcome<T> of(Routed<T> answer) {
            return new Outcome<>(Optional.of(answer), false);
        }

        static <T> Outcome<T> next() {
            return new Outcome<>(Optional.empty(), true);
        }

        static <T> Outcome<T> nothing() {
            return new Outcome<>(Optional.empty(), false);
        }
    }
}

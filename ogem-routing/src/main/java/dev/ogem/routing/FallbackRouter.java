package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
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
 * The routing loop. For each chain entry: the cache (deterministic requests), then the candidates in
 * {@link CandidateOrder}; each is admitted through the {@link StateStore} before its call. A retryable
 * failure moves to the next candidate, a context-window failure to the next chain entry, any other
 * failure is the answer. When every candidate of an entry is throttled, the router waits for the
 * shortest wait if the total stays within {@code retry_interval} and the deadline, then tries again
 * (at most {@value #MAX_ROUNDS} rounds); otherwise the next entry, and finally {@link Misses#failure()}.
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
    public Routed<ChatResponse> complete(ChatRequest request, RouteOptions options) {
        boolean cacheable = ResponseCache.cacheable(request);
        Routed<ChatResponse> routed = route(request, options, cacheable, false,
                (candidate, client, routedRequest, reservation, timeout) ->
                        attempts.complete(candidate, client, routedRequest, reservation, timeout));
        if (routed.cache().filter(c -> c == CacheOutcome.MISS).isPresent()) {
            cache.store(request, routed.route(), routed.value());
        }
        return routed;
    }

    @Override
    public Routed<ChunkStream> stream(ChatRequest request, RouteOptions options) {
        return route(request, options, false, true,
                (candidate, client, routedRequest, reservation, timeout) ->
                        attempts.stream(candidate, client, routedRequest, reservation, timeout));
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

    @SuppressWarnings("unchecked")
    private <T> Routed<T> route(ChatRequest request, RouteOptions options, boolean cacheable, boolean streaming,
                                Attempt<T> attempt) {
        Instant deadline = settings.clock().instant().plus(options.timeout().orElse(settings.requestTimeout()));
        List<Chains.Link> chain = chains.of(request.model());
        if (streaming) {
            chain.stream().filter(e -> !e.batched().isEmpty()).findFirst().ifPresent(e -> {
                throw BatchCalls.noStreaming(e.query().text());
            });
        }
        Misses misses = new Misses(request.model());
        for (Chains.Link chainEntry : chain) {
            if (!chainEntry.batched().isEmpty()) {
                Optional<Routed<ChatResponse>> answer = batch.complete(chainEntry.batched(), request, deadline, misses);
                if (answer.isPresent()) {
                    return (Routed<T>) answer.get();
                }
            }
            List<Candidate> entry = chainEntry.unbatched();
            if (entry.isEmpty()) {
                continue;
            }
            if (cacheable && !options.bypassCache()) {
                Optional<Routed<ChatResponse>> hit = entry.stream().map(c -> c.model().name()).distinct()
                        .flatMap(name -> cache.lookup(request, name).stream()).findFirst();
                if (hit.isPresent()) {
                    return (Routed<T>) hit.get();
                }
            }
            Duration waited = Duration.ZERO;
            for (int round = 1; ; round++) {
                misses.newRound();
                Outcome<T> outcome = tryEntry(entry, request, deadline, attempt, misses);
                if (outcome.answer().isPresent()) {
                    Routed<T> answer = outcome.answer().get();
                    return cacheable ? new Routed<>(answer.value(), answer.route(), Optional.of(CacheOutcome.MISS))
                            : answer;
                }
                if (outcome.nextEntry()) {
                    break;
                }
                Optional<Duration> wait = misses.roundWait();
                Instant now = settings.clock().instant();
                if (wait.isEmpty() || round >= MAX_ROUNDS
                        || waited.plus(wait.get()).compareTo(catalog.retryInterval()) > 0
                        || !now.plus(wait.get()).isBefore(deadline)) {
                    break;
                }
                sleep(wait.get());
                waited = waited.plus(wait.get());
            }
        }
        throw misses.failure();
    }

    private <T> Outcome<T> tryEntry(List<Candidate> entry, ChatRequest request, Instant deadline, Attempt<T> attempt,
                                    Misses misses) {
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
                long need = tokens.reservation(request, candidate.model().name());
                Admission admission = store.reserve(candidate.bucket(), candidate.limits(), need,
                        List.of(candidate.limitKey(), candidate.circuitKey()));
                switch (admission) {
                    case Admission.CoolingDown cooling when cooling.key().equals(candidate.limitKey()) -> {
                        listener.attempted(candidate.route(), AttemptListener.QUOTA_REFUSED);
                        misses.throttled(cooling.remaining());
                    }
                    case Admission.CoolingDown circuitOpen -> misses.circuitOpen(circuitOpen.remaining());
                    case Admission.TooLarge tooLarge -> {
                        listener.attempted(candidate.route(), AttemptListener.QUOTA_REFUSED);
                        misses.tooLarge(tooLarge);
                    }
                    case Admission.Refused refused -> {
                        listener.attempted(candidate.route(), AttemptListener.QUOTA_REFUSED);
                        misses.throttled(refused.retryAfter());
                    }
                    case Admission.Admitted admitted -> {
                        Optional<Routed<T>> answer = call(candidate, request, admitted.reservation(), attempt,
                                min(settings.firstByteTimeout(), left), misses);
                        if (answer.isPresent()) {
                            return Outcome.of(answer.get());
                        }
                        if (misses.contextWindow()) {
                            return Outcome.next();
                        }
                    }
                }
            } finally {
                if (trial) {
                    endpoint.trial().set(false);
                }
            }
        }
        return Outcome.nothing();
    }

    private <T> Optional<Routed<T>> call(Candidate candidate, ChatRequest request, Reservation reservation,
                                         Attempt<T> attempt, Duration timeout, Misses misses) {
        try {
            T value = attempt.run(candidate, clients.apply(candidate.endpoint()),
                    request.withModel(candidate.model().name()), reservation, timeout);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One upstream attempt, admitted. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(Candidate candidate, LlmClient client, ChatRequest routed, Reservation reservation, Duration timeout);
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

package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatRequestBuilder;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.EmbeddingInput;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.Message;
import dev.ogem.api.ModelKind;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.Usage;
import dev.ogem.quota.Admission;
import dev.ogem.quota.StateStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Active latency measurement: every {@code ping_interval} each endpoint gets a one-token completion
 * ({@code "ping"}, at most 1 output token) against its region's first listed model (a {@code @batch} name
 * without its suffix: the real-time model measures the endpoint), or the embedding of {@code "ping"} when
 * that model is an embedding model, all endpoints at
 * once on virtual threads, each bounded by the ping timeout. A ping passes admission like any call (a
 * full bucket skips it and changes nothing). A successful ping is a latency sample; a failed one marks
 * the endpoint unhealthy (its latency is kept, never improved) until a ping or a call succeeds; an
 * upstream 429 cools the bucket but is not ill health.
 */
final class Pinger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Pinger.class.getName());

    private final Catalog catalog;
    private final Function<Endpoint, LlmClient> clients;
    private final StateStore store;
    private final HealthBoard health;
    private final Feedback feedback;
    private final RouterSettings settings;
    private volatile Thread loop;

    Pinger(Catalog catalog, Function<Endpoint, LlmClient> clients, StateStore store, HealthBoard health,
           Feedback feedback, RouterSettings settings) {
        this.catalog = catalog;
        this.clients = clients;
        this.store = store;
        this.health = health;
        this.feedback = feedback;
        this.settings = settings;
    }

    /** Pings every endpoint at once and returns when all are done or timed out. */
    void pingAll() {
        List<Thread> pings = catalog.endpoints()
                .filter(e -> !e.region().models().isEmpty())
                .map(e -> Thread.ofVirtual().name("ogem-ping-" + e.label()).start(() -> ping(e)))
                .toList();
        for (Thread ping : pings) {
            try {
                ping.join(settings.pingTimeout().plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Pings now and then every {@code interval} on a background virtual thread until closed.
     *
     * @param interval the ping interval, positive
     */
    void start(Duration interval) {
        loop = Thread.ofVirtual().name("ogem-pinger").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                pingAll();
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    void ping(Endpoint endpoint) {
        ModelSpec model = endpoint.region().models().getFirst();
        Candidate candidate = new Candidate(endpoint, model, 0);
        if (!(store.reserve(candidate.bucket(), candidate.limits(), 8) instanceof Admission.Admitted admitted)) {
            return;
        }
        long start = settings.nanoTime().getAsLong();
        try {
            long used = TimedCall.within(settings.pingTimeout(), endpoint.label(),
                    () -> send(clients.apply(endpoint), endpoint, model), ignored -> { });
            Duration took = Duration.ofNanos(settings.nanoTime().getAsLong() - start);
            store.settle(admitted.reservation(), used);
            feedback.succeeded(candidate, Optional.of(took));
        } catch (RuntimeException e) {
            store.release(admitted.reservation());
            if (e instanceof ProviderException p && p.kind() == ProviderException.Kind.RATE_LIMITED) {
                feedback.failed(candidate, p, new Misses(model.name()));
                return;
            }
            LOG.log(Level.INFO, () -> "Ping of " + endpoint.label() + " failed: " + e.getMessage());
            health.of(endpoint).pingFailed(settings.clock().instant());
        }
    }

    /** Sends the ping and says how many tokens it used. */
    private static long send(LlmClient client, Endpoint endpoint, ModelSpec model) {
        if (model.kind() == ModelKind.EMBEDDING) {
            EmbeddingResponse response = client.embed(EmbeddingRequest.of(model.name(),
                    new EmbeddingInput.Texts(List.of("ping"), true)));
            return response.usage().map(EmbeddingResponse.Usage::totalTokens).orElse(8L);
        }
        ChatResponse response = client.complete(request(endpoint, model));
        return response.usage().map(Usage::totalTokens).orElse(8L);
    }

    private static ChatRequest request(Endpoint endpoint, ModelSpec model) {
        boolean openAi = endpoint.provider().kind() == ProviderKind.OPENAI;
        ChatRequestBuilder ping = ChatRequest.builder().model(ModelQuery.withoutBatchSuffix(model.name()))
                .messages(List.of(Message.of("user", "ping")));
        return (openAi ? ping.maxCompletionTokens(1) : ping.maxTokens(1)).build();
    }

    @Override
    public void close() {
        Thread running = loop;
        if (running != null) {
            running.interrupt();
        }
    }
}

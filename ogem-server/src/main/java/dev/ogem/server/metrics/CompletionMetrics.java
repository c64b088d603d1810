package dev.ogem.server.metrics;

import dev.ogem.api.Usage;
import dev.ogem.routing.CacheOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What {@code POST /v1/chat/completions} records: {@code ogem_completion_duration_seconds{mode, outcome}}
 * (a histogram; {@code mode} is {@code plain} or {@code stream}, a stream timed to its last event;
 * {@code outcome} is {@code ok}, {@code error}, or {@code client_closed} for a stream the client left, see
 * {@link CompletionOutcome}) and {@code ogem_cache_lookups_total{result}}
 * ({@code hit} or {@code miss}, as the {@code x-ogem-cache} header says), and
 * {@code ogem_tokens_total{key, type}}: the tokens upstreams reported per client key name ({@code type} is
 * {@code prompt} or {@code completion}; cache hits spend none). {@code POST /v1/embeddings} records
 * {@code ogem_embedding_duration_seconds{outcome}} and counts its cache lookups with the completions'.
 */
public final class CompletionMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final MeterRegistry registry;
    private final Map<CacheOutcome, Counter> cache = new EnumMap<>(CacheOutcome.class);
    private static final int OUTCOMES = CompletionOutcome.values().length;

    /** One timer per mode (plain, stream) and outcome, each registered on first use and then reused. */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(2 * OUTCOMES);
    /** Per client key name (configured names and {@code none}), its token counters, registered on first use. */
    private final Map<String, TokenCounters> tokens = new ConcurrentHashMap<>();

    CompletionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (CacheOutcome outcome : CacheOutcome.values()) {
            cache.put(outcome, Counter.builder("ogem.cache.lookups").tag("result", outcome.header())
                    .description("Cacheable completions by what the response cache did").register(registry));
        }
    }

    /**
     * Records one completion's time.
     *
     * @param stream     whether it streamed
     * @param outcome    how it ended
     * @param startNanos {@link System#nanoTime()} when it began
     */
    public void completed(boolean stream, CompletionOutcome outcome, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        int index = (stream ? OUTCOMES : 0) + outcome.ordinal();
        Timer timer = timers.get(index);
        if (timer == null) {
            // registering is idempotent: a race registers nothing twice
            timer = Timer.builder("ogem.completion.duration")
                    .description("Time to answer a completion; a stream's time runs to its last event")
                    .tag("mode", stream ? "stream" : "plain")
                    .tag("outcome", outcome.label())
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            timers.set(index, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records one embeddings request's time.
     *
     * @param ok         whether it ended without an error
     * @param startNanos {@link System#nanoTime()} when it began
     */
    public void embedded(boolean ok, long startNanos) {
        Timer.builder("ogem.embedding.duration")
                .description("Time to answer an embeddings request")
                .tag("outcome", ok ? "ok" : "error")
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts the tokens an answer used for a client key.
     *
     * @param key   the key's name ({@code none} when the gateway is open)
     * @param usage what the upstream reported
     */
    public void tokens(String key, Usage usage) {
        TokenCounters counters = tokens.computeIfAbsent(key, k -> new TokenCounters(tokenCounter(k, "prompt"),
                tokenCounter(k, "completion")));
        counters.prompt().increment(usage.promptTokens());
        counters.completion().increment(usage.completionTokens());
    }

    private Counter tokenCounter(String key, String type) {
        return Counter.builder("ogem.tokens").tag("key", key).tag("type", type)
                .description("Tokens upstreams reported, per client key").register(registry);
    }

    /** The two token counters of one client key. */
    private record TokenCounters(Counter prompt, Counter completion) {
    }

    /**
     * Counts what the cache did for a cacheable request.
     *
     * @param outcome hit or miss
     */
    public void cache(CacheOutcome outcome) {
        cache.get(outcome).increment();
    }
}

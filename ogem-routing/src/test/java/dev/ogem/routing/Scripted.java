package dev.ogem.routing;

import dev.ogem.api.Catalog;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.Message;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.Usage;
import dev.ogem.quota.testing.FakeClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Scripted endpoints, a fake clock and request helpers for router tests. */
final class Scripted {

    final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Function<ChatRequest, ChatResponse>> behaviour = new HashMap<>();
    final Map<String, List<ChatChunk>> streams = new HashMap<>();
    /** Fake monotonic time: each scripted call takes its endpoint's latency (default 1 ms), instantly. */
    final AtomicLong nanos = new AtomicLong();
    final Map<String, Duration> latency = new HashMap<>();

    RouterSettings settings() {
        return RouterSettings.builder().clock(clock).sleeper(d -> {
            slept.add(d);
            clock.advance(d);
        }).nanoTime(nanos::get).pingTimeout(Duration.ofMillis(500)).build();
    }

    static Catalog catalog(Duration retryInterval, ProviderSpec... providers) {
        return new Catalog(List.of(providers), retryInterval, Duration.ZERO);
    }

    static ProviderSpec provider(String name, RegionSpec... regions) {
        return new ProviderSpec(name, ProviderKind.CUSTOM, Optional.empty(), Optional.empty(), List.of(regions));
    }

    static RegionSpec region(String name, ModelSpec... models) {
        return new RegionSpec(name, List.of(models));
    }

    static ModelSpec model(String name, long rpm, long tpm, String... aliases) {
        return new ModelSpec(name, List.of(aliases), null, rpm, tpm);
    }

    static ChatRequest request(String json) {
        try {
            return OpenAiJson.read(json, ChatRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).messages(List.of(Message.of("user", "hi"))).build();
    }

    static ChatResponse answer(String text, long totalTokens) {
        return ChatResponse.of("id", 0, "m", List.of(ChatResponse.Choice.of(0, Message.of("assistant", text), "stop")),
                Optional.of(Usage.of(totalTokens - 1, 1)));
    }

    static ChatChunk chunk(String text) {
        return ChatChunk.of("c", 0, "m", List.of(ChatChunk.Choice.of(0, ChatChunk.Delta.content(text))));
    }

    static ChatChunk usageChunk(long total) {
        return ChatChunk.ofUsage("c", 0, "m", Usage.of(total - 1, 1));
    }

    LlmClient client(Endpoint endpoint) {
        String label = endpoint.label();
        return new LlmClient() {
            @Override
            public ChatResponse complete(ChatRequest request) {
                calls.add(label);
                requests.add(request);
                nanos.addAndGet(latency.getOrDefault(label, Duration.ofMillis(1)).toNanos());
                return behaviour.getOrDefault(label, r -> Scripted.answer(label, 7)).apply(request);
            }

            @Override
            public ChunkStream stream(ChatRequest request) {
                calls.add(label);
                requests.add(request);
                Function<ChatRequest, ChatResponse> failure = behaviour.get(label);
                if (failure != null) {
                    failure.apply(request);
                }
                Iterator<ChatChunk> chunks = streams.getOrDefault(label, List.of(chunk(label))).iterator();
                return new ChunkStream() {
                    @Override
                    public Optional<StreamChunk> next() {
                        return chunks.hasNext() ? Optional.of(StreamChunk.of(chunks.next())) : Optional.empty();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}

package dev.ogem.server;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.metrics.CompletionMetrics;
import dev.ogem.server.metrics.CompletionOutcome;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: a JSON answer, or with {@code stream: true} server-sent
 * events, each chunk written and flushed the moment it arrives. Every answer names the endpoint that
 * served it ({@code x-ogem-provider}, {@code x-ogem-region}, {@code x-ogem-model}) and, for a cacheable
 * request, what the cache did ({@code x-ogem-cache: hit|miss}); the answer and each chunk carry the
 * same endpoint as {@code system_fingerprint} ({@link Fingerprints}). Request headers: {@code x-ogem-timeout}
 * (seconds or a Go duration, at most an hour: {@link TimeoutHeader}) sets the deadline; {@code x-ogem-cache: bypass} or
 * {@code Cache-Control: no-cache} skips the cache lookup. Each completion's time and cache outcome go to
 * {@link CompletionMetrics}.
 */
final class ChatCompletions implements Handler {

    static final HeaderName PROVIDER = HeaderNames.create("x-ogem-provider");
    static final HeaderName REGION = HeaderNames.create("x-ogem-region");
    static final HeaderName MODEL = HeaderNames.create("x-ogem-model");
    static final HeaderName CACHE = HeaderNames.create("x-ogem-cache");

    private final RequestReader reader;
    private final Supplier<Router> routers;
    private final CompletionMetrics metrics;

    /**
     * The handler.
     *
     * @param reader  reads the body
     * @param routers the router of the config in force, taken once per request so that a reload never changes
     *                it under a request (a stream finishes on the router it started on)
     * @param metrics where completions are counted
     */
    ChatCompletions(RequestReader reader, Supplier<Router> routers, CompletionMetrics metrics) {
        this.reader = reader;
        this.routers = routers;
        this.metrics = metrics;
    }

    /** Holds the request's share of the body budget until its answer is sent. */
    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        try (BodyBudget.Lease lease = reader.lease()) {
            complete(reader.read(request, lease), request, response);
        }
    }

    private void complete(ChatRequest chat, ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        Router router = routers.get();
        CompletionOutcome outcome = CompletionOutcome.ERROR;
        try {
            RouteOptions options = options(request);
            if (chat.streaming()) {
                outcome = stream(router, chat, options, response);
            } else {
                Routed<ChatResponse> routed = router.complete(chat, options);
                describe(routed, response);
                response.header(HeaderValues.CONTENT_TYPE_JSON);
                response.send(OpenAiJson.write(Fingerprints.stamp(routed.value(), routed.route())));
                outcome = CompletionOutcome.OK;
            }
        } finally {
            metrics.completed(chat.streaming(), outcome, start);
        }
    }

    /**
     * The caller's routing options: {@code x-ogem-timeout} ({@link TimeoutHeader}, a 400 when out of bounds) and
     * the cache headers.
     */
    static RouteOptions options(ServerRequest request) {
        Optional<Duration> timeout = TimeoutHeader.read(request);
        boolean bypass = request.headers().first(CACHE).map(v -> v.trim().equalsIgnoreCase("bypass")).orElse(false)
                || request.headers().first(HeaderNames.CACHE_CONTROL)
                        .map(v -> v.toLowerCase(Locale.ROOT).contains("no-cache")).orElse(false);
        return new RouteOptions(timeout, bypass);
    }

    void describe(Routed<?> routed, ServerResponse response) {
        response.header(PROVIDER, routed.route().provider());
        response.header(REGION, routed.route().region());
        response.header(MODEL, routed.route().model());
        routed.cache().ifPresent(outcome -> {
            response.header(CACHE, outcome.header());
            metrics.cache(outcome);
        });
    }

    private CompletionOutcome stream(Router router, ChatRequest chat, RouteOptions options,
            ServerResponse response) {
        Routed<ChunkStream> routed = router.stream(chat, options);
        try (ChunkStream chunks = routed.value()) {
            describe(routed, response);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            return SseRelay.relay(Fingerprints.stamp(chunks, routed.route()), response.outputStream());
        }
    }
}

package dev.ogem.server;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.config.ClientLimits;
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

/**
 * {@code POST /v1/chat/completions}: a JSON answer, or with {@code stream: true} server-sent
 * events, each chunk written and flushed the moment it arrives. Every answer names the endpoint that
 * served it ({@code x-ogem-provider}, {@code x-ogem-region}, {@code x-ogem-model}) and, for a cacheable
 * request, what the cache did ({@code x-ogem-cache: hit|miss}). Request headers: {@code x-ogem-timeout}
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
    private final BodyBudget budget;
    private final Router router;
    private final CompletionMetrics metrics;

    ChatCompletions(ClientLimits limits, Router router, CompletionMetrics metrics) {
        this.reader = new RequestReader(limits);
        this.budget = new BodyBudget(limits.bodyBytesInFlight());
        this.router = router;
        this.metrics = metrics;
    }

    /** Holds the request's share of the body budget until its answer is sent. */
    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        try (BodyBudget.Lease lease = budget.open()) {
            complete(reader.read(request, lease), request, response);
        }
    }

    private void complete(ChatRequest chat, ServerRequest request, ServerResponse response) {
        long start = System.nanoTime();
        CompletionOutcome outcome = CompletionOutcome.ERROR;
        try {
            RouteOptions options = options(request);
            if (chat.streaming()) {
                outcome = stream(chat, options, response);
            } else {
                Routed<ChatResponse> routed = router.complete(chat, options);
                describe(routed, response);
                response.header(HeaderValues.CONTENT_TYPE_JSON);
                response.send(OpenAiJson.write(routed.value()));
                outcome = CompletionOutcome.OK;
            }
        } finally {
            metrics.completed(chat.streaming(), outcome, start);
        }
    }

    private static RouteOptions options(ServerRequest request) {
        Optional<Duration> timeout = TimeoutHeader.read(request);
        boolean bypass = request.headers().first(CACHE).map(v -> v.trim().equalsIgnoreCase("bypass")).orElse(false)
                || request.headers().first(HeaderNames.CACHE_CONTROL)
                        .map(v -> v.toLowerCase(Locale.ROOT).contains("no-cache")).orElse(false);
        return new RouteOptions(timeout, bypass);
    }

    private void describe(Routed<?> routed, ServerResponse response) {
        response.header(PROVIDER, routed.route().provider());
        response.header(REGION, routed.route().region());
        response.header(MODEL, routed.route().model());
        routed.cache().ifPresent(outcome -> {
            response.header(CACHE, outcome.header());
            metrics.cache(outcome);
        });
    }

    private CompletionOutcome stream(ChatRequest chat, RouteOptions options, ServerResponse response) {
        Routed<ChunkStream> routed = router.stream(chat, options);
        try (ChunkStream chunks = routed.value()) {
            describe(routed, response);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            return SseRelay.relay(chunks, response.outputStream());
        }
    }
}

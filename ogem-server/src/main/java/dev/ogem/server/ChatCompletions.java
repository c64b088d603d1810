package dev.ogem.server;

import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Usage;
import dev.ogem.quota.Reservation;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.access.AccessRecord;
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
 * (seconds or a Go duration, at most an hour: {@link TimeoutHeader}) sets the deadline; {@code x-ogem-cache: bypass}
 * or {@code Cache-Control: no-cache} skips the cache lookup. Each completion's time and cache outcome go to
 * {@link CompletionMetrics}, and what the access log says of it to the request's {@link AccessRecord}. A request
 * authenticated with a client key must ask for a model the key may use (403 {@code model_not_allowed}) and is
 * admitted against the key's own limits ({@link KeyQuota}), settled to the tokens used (none for a cache hit).
 */
final class ChatCompletions implements Handler {

    static final HeaderName PROVIDER = HeaderNames.create("x-ogem-provider");
    static final HeaderName REGION = HeaderNames.create("x-ogem-region");
    static final HeaderName MODEL = HeaderNames.create("x-ogem-model");
    static final HeaderName CACHE = HeaderNames.create("x-ogem-cache");

    private final RequestReader reader;
    private final Supplier<Router> routers;
    private final CompletionMetrics metrics;
    private final KeyQuota quota;

    /**
     * The handler.
     *
     * @param reader  reads the body, within the shared body budget
     * @param routers the router of the config in force, taken once per request so that a reload never changes
     *                it under a request (a stream finishes on the router it started on)
     * @param metrics where completions are counted
     * @param quota   the client keys' own limits
     */
    ChatCompletions(RequestReader reader, Supplier<Router> routers, CompletionMetrics metrics, KeyQuota quota) {
        this.reader = reader;
        this.routers = routers;
        this.metrics = metrics;
        this.quota = quota;
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
        AccessRecord access = AccessRecord.of(request);
        access.asked(chat.model(), chat.streaming());
        Caller.checkModel(request, chat.model());
        Optional<Caller> caller = request.context().get(Caller.class);
        Router router = routers.get();
        Optional<Reservation> reservation = quota.admit(caller, chat);
        Answered answered = new Answered(CompletionOutcome.ERROR, Optional.empty());
        try {
            RouteOptions options = options(request);
            answered = chat.streaming() ? stream(router, chat, options, response, access)
                    : plain(router, chat, options, response, access);
        } finally {
            if (answered.outcome() == CompletionOutcome.ERROR) {
                quota.release(reservation);
            } else {
                quota.settle(reservation, answered.tokens());
            }
            metrics.completed(chat.streaming(), answered.outcome(), start);
        }
    }

    /**
     * Answers in one piece: an OpenAI-protocol upstream's answer (or a cached one) as its bytes, with the
     * fingerprint set in them. The tokens to count against the key are none for a cache hit.
     */
    private Answered plain(Router router, ChatRequest chat, RouteOptions options, ServerResponse response,
                           AccessRecord access) {
        Routed<ChatAnswer> routed = router.answer(chat, options);
        describe(routed, response);
        access.usage(routed.value().usage());
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(Fingerprints.stamp(routed.value(), routed.route()).json());
        if (routed.cache().filter(c -> c == CacheOutcome.HIT).isPresent()) {
            return new Answered(CompletionOutcome.OK, Optional.of(0L));
        }
        routed.value().usage().ifPresent(usage -> metrics.tokens(access.key().orElse("none"), usage));
        return new Answered(CompletionOutcome.OK, routed.value().usage().map(Usage::totalTokens));
    }

    private Answered stream(Router router, ChatRequest chat, RouteOptions options, ServerResponse response,
                            AccessRecord access) {
        Routed<ChunkStream> routed = router.stream(chat, options);
        try (ChunkStream chunks = routed.value()) {
            describe(routed, response);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            CompletionOutcome outcome = SseRelay.relay(Fingerprints.stamp(chunks, routed.route()),
                    response.outputStream(), access);
            access.usage(chunks.usage());
            chunks.usage().ifPresent(usage -> metrics.tokens(access.key().orElse("none"), usage));
            return new Answered(outcome, chunks.usage().map(Usage::totalTokens));
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

    /** Names the endpoint that served on the response and on the access record of the request. */
    void describe(Routed<?> routed, ServerResponse response) {
        AccessRecord.current().ifPresent(access -> access.served(routed.route(), routed.cache()));
        response.header(PROVIDER, routed.route().provider());
        response.header(REGION, routed.route().region());
        response.header(MODEL, routed.route().model());
        routed.cache().ifPresent(outcome -> {
            response.header(CACHE, outcome.header());
            metrics.cache(outcome);
        });
    }

    /** How a completion ended and the tokens to count against its client key. */
    private record Answered(CompletionOutcome outcome, Optional<Long> tokens) {
    }
}

package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OgemException;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.Usage;
import dev.ogem.quota.Reservation;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.config.GoDuration;
import dev.ogem.server.metrics.CompletionMetrics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions}: a JSON answer, or with {@code stream: true} server-sent
 * events, each chunk written and flushed the moment it arrives. Every answer names the endpoint that
 * served it ({@code x-ogem-provider}, {@code x-ogem-region}, {@code x-ogem-model}) and, for a cacheable
 * request, what the cache did ({@code x-ogem-cache: hit|miss}). Request headers: {@code x-ogem-timeout}
 * (seconds or a Go duration) sets the deadline; {@code x-ogem-cache: bypass} or
 * {@code Cache-Control: no-cache} skips the cache lookup. Each completion's time and cache outcome go to
 * {@link CompletionMetrics}, and
 * what the access log says of it to the request's {@link AccessRecord}. A request authenticated with a client
 * key must ask for a model the key may use (403 {@code model_not_allowed}) and is admitted against the key's
 * own limits ({@link KeyQuota}), settled to the tokens used (none for a cache hit).
 */
final class ChatCompletions implements Handler {

    static final HeaderName PROVIDER = HeaderNames.create("x-ogem-provider");
    static final HeaderName REGION = HeaderNames.create("x-ogem-region");
    static final HeaderName MODEL = HeaderNames.create("x-ogem-model");
    static final HeaderName CACHE = HeaderNames.create("x-ogem-cache");
    static final HeaderName TIMEOUT = HeaderNames.create("x-ogem-timeout");

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final RequestReader reader;
    private final Router router;
    private final CompletionMetrics metrics;
    private final KeyQuota quota;

    ChatCompletions(RequestReader reader, Router router, CompletionMetrics metrics, KeyQuota quota) {
        this.reader = reader;
        this.router = router;
        this.metrics = metrics;
        this.quota = quota;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) throws IOException {
        long start = System.nanoTime();
        AccessRecord access = AccessRecord.of(request);
        ChatRequest chat = reader.read(request);
        access.asked(chat.model(), chat.streaming());
        Optional<Caller> caller = request.context().get(Caller.class);
        if (caller.isPresent() && !caller.get().mayUse(chat.model())) {
            throw CallerException.modelNotAllowed(chat.model());
        }
        Optional<Reservation> reservation = quota.admit(caller, chat);
        Optional<Long> used = Optional.empty();
        boolean ok = false;
        try {
            RouteOptions options = options(request);
            used = chat.streaming() ? stream(chat, options, response, access) : plain(chat, options, response, access);
            ok = true;
        } finally {
            if (ok) {
                quota.settle(reservation, used);
            } else {
                quota.release(reservation);
            }
            metrics.completed(chat.streaming(), ok, start);
        }
    }

    /** Answers in one piece; returns the tokens to count against the key (none for a cache hit). */
    private Optional<Long> plain(ChatRequest chat, RouteOptions options, ServerResponse response, AccessRecord access) {
        Routed<ChatResponse> routed = router.complete(chat, options);
        describe(routed, response, access);
        access.usage(routed.value().usage());
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(OpenAiJson.write(routed.value()));
        if (routed.cache().filter(c -> c == CacheOutcome.HIT).isPresent()) {
            return Optional.of(0L);
        }
        routed.value().usage().ifPresent(usage -> metrics.tokens(access.key().orElse("none"), usage));
        return routed.value().usage().map(Usage::totalTokens);
    }

    private static RouteOptions options(ServerRequest request) {
        Optional<Duration> timeout = request.headers().first(TIMEOUT).map(text -> {
            try {
                Duration parsed = GoDuration.parseOrSeconds(text);
                if (parsed.isNegative() || parsed.isZero()) {
                    throw new IllegalArgumentException("not positive");
                }
                return parsed;
            } catch (IllegalArgumentException e) {
                throw CallerException.invalid("The x-ogem-timeout header must be a positive number of seconds or a"
                        + " Go duration such as 30s or 2m.", null);
            }
        });
        boolean bypass = request.headers().first(CACHE).map(v -> v.trim().equalsIgnoreCase("bypass")).orElse(false)
                || request.headers().first(HeaderNames.CACHE_CONTROL)
                        .map(v -> v.toLowerCase(Locale.ROOT).contains("no-cache")).orElse(false);
        return new RouteOptions(timeout, bypass);
    }

    private void describe(Routed<?> routed, ServerResponse response, AccessRecord access) {
        access.served(routed.route(), routed.cache());
        response.header(PROVIDER, routed.route().provider());
        response.header(REGION, routed.route().region());
        response.header(MODEL, routed.route().model());
        routed.cache().ifPresent(outcome -> {
            response.header(CACHE, outcome.header());
            metrics.cache(outcome);
        });
    }

    private Optional<Long> stream(ChatRequest chat, RouteOptions options, ServerResponse response,
                                  AccessRecord access) throws IOException {
        Routed<ChunkStream> routed = router.stream(chat, options);
        try (ChunkStream chunks = routed.value()) {
            describe(routed, response, access);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            try (OutputStream out = response.outputStream()) {
                relay(chunks, out, access);
                access.usage(chunks.usage());
                chunks.usage().ifPresent(usage -> metrics.tokens(access.key().orElse("none"), usage));
                out.write(DONE);
            }
            return chunks.usage().map(Usage::totalTokens);
        }
    }

    /**
     * Each event goes out as the chunk's JSON (for an OpenAI-protocol upstream, the bytes it sent);
     * the flush waits only while the stream already holds the next chunk ({@link ChunkStream#hasBuffered()}),
     * so a burst leaves in one flush and a lone chunk at once.
     */
    private static void relay(ChunkStream chunks, OutputStream out, AccessRecord access) throws IOException {
        try {
            Optional<StreamChunk> chunk;
            while ((chunk = chunks.next()).isPresent()) {
                out.write(DATA);
                out.write(chunk.get().json());
                out.write(END_OF_EVENT);
                if (!chunks.hasBuffered()) {
                    out.flush();
                    access.firstChunk();
                }
            }
        } catch (OgemException midStream) {
            ErrorBodies.logIfBug("POST /v1/chat/completions, mid-stream", midStream);
            access.failed(midStream);
            writeEvent(out, ErrorBodies.json(midStream).toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeEvent(OutputStream out, byte[] json) throws IOException {
        out.write(DATA);
        out.write(json);
        out.write(END_OF_EVENT);
        out.flush();
    }
}

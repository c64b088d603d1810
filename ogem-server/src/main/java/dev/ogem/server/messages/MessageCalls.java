package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.Usage;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.metrics.CompletionMetrics;
import dev.ogem.server.metrics.CompletionOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /v1/messages}: the request admitted against its client key's own limits ({@link Ingress#admit}),
 * then routed like a chat completion; the answer is Claude's own bytes when a Claude endpoint served it (from the
 * cache as well), else the translation of the chat completion ({@link MessageAnswers}). A stream is relayed by
 * {@link MessageRelay}. The key's admission is settled to the tokens used (none for a cache hit) or released when
 * the request failed, and the completion counted by how it ended ({@code ok}, {@code error}, {@code client_closed}).
 */
final class MessageCalls {

    private final Supplier<Router> routers;
    private final CompletionMetrics metrics;
    private final Function<ServerRequest, RouteOptions> options;
    private final BiConsumer<Routed<?>, ServerResponse> describe;
    private final Ingress ingress;

    MessageCalls(Supplier<Router> routers, CompletionMetrics metrics, Function<ServerRequest, RouteOptions> options,
                 BiConsumer<Routed<?>, ServerResponse> describe, Ingress ingress) {
        this.routers = routers;
        this.metrics = metrics;
        this.options = options;
        this.describe = describe;
        this.ingress = ingress;
    }

    void answer(ServerRequest request, ServerResponse response, ObjectNode body, Map<String, String> headers,
                boolean onlyClaude) {
        long start = System.nanoTime();
        ChatRequest chat = MessageRequests.read(body, headers, NativeRequest.Operation.GENERATE, !onlyClaude);
        AccessRecord access = AccessRecord.of(request);
        access.asked(chat.model(), chat.streaming());
        Router router = routers.get();
        Ingress.Spend spend = ingress.admit(request, chat);
        Answered answered = new Answered(CompletionOutcome.ERROR, Optional.empty());
        try {
            RouteOptions routeOptions = options.apply(request);
            answered = chat.streaming() ? stream(router, chat, routeOptions, response, access)
                    : plain(router, chat, routeOptions, response, access);
        } finally {
            if (answered.outcome() == CompletionOutcome.ERROR) {
                spend.release();
            } else {
                spend.settle(answered.tokens());
            }
            metrics.completed(chat.streaming(), answered.outcome(), start);
        }
    }

    private Answered plain(Router router, ChatRequest chat, RouteOptions routeOptions, ServerResponse response,
                           AccessRecord access) {
        Routed<ChatResponse> routed = router.complete(chat, routeOptions);
        describe.accept(routed, response);
        access.usage(routed.value().usage());
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(routed.value().nativeAnswer().map(NativeAnswer::json)
                .orElseGet(() -> OpenAiJson.write(MessageAnswers.message(routed.value()))));
        if (routed.cache().filter(c -> c == CacheOutcome.HIT).isPresent()) {
            return new Answered(CompletionOutcome.OK, Optional.of(0L));
        }
        routed.value().usage().ifPresent(usage -> metrics.tokens(access.key().orElse("none"), usage));
        return new Answered(CompletionOutcome.OK, routed.value().usage().map(Usage::totalTokens));
    }

    private Answered stream(Router router, ChatRequest chat, RouteOptions routeOptions, ServerResponse response,
                            AccessRecord access) {
        Routed<ChunkStream> routed = router.stream(chat, routeOptions);
        try (ChunkStream chunks = routed.value()) {
            describe.accept(routed, response);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            CompletionOutcome outcome = MessageRelay.relay(chunks, new MessageEvents(chat.model()),
                    response.outputStream(), access);
            access.usage(chunks.usage());
            chunks.usage().ifPresent(usage -> metrics.tokens(access.key().orElse("none"), usage));
            return new Answered(outcome, chunks.usage().map(Usage::totalTokens));
        }
    }

    /** How a message ended and the tokens to count against its client key. */
    private record Answered(CompletionOutcome outcome, Optional<Long> tokens) {
    }
}

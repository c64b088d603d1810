package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OgemException;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.StreamChunk;
import dev.ogem.routing.RouteOptions;
import dev.ogem.routing.Routed;
import dev.ogem.routing.Router;
import dev.ogem.server.metrics.CompletionMetrics;
import dev.ogem.server.metrics.CompletionOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /v1/messages}: the request routed like a chat completion; the answer is Claude's own
 * bytes when a Claude endpoint served it, else the translation of the chat completion
 * ({@link MessageAnswers}). A stream relays Claude's events as they came, or translates each chunk
 * ({@link MessageEvents}); a failure mid-stream ends it with an {@code error} event.
 */
final class MessageCalls {

    private final Supplier<Router> routers;
    private final CompletionMetrics metrics;
    private final Function<ServerRequest, RouteOptions> options;
    private final BiConsumer<Routed<?>, ServerResponse> describe;

    MessageCalls(Supplier<Router> routers, CompletionMetrics metrics, Function<ServerRequest, RouteOptions> options,
                 BiConsumer<Routed<?>, ServerResponse> describe) {
        this.routers = routers;
        this.metrics = metrics;
        this.options = options;
        this.describe = describe;
    }

    void answer(ServerRequest request, ServerResponse response, ObjectNode body, Map<String, String> headers,
                boolean onlyClaude) {
        long start = System.nanoTime();
        ChatRequest chat = MessageRequests.read(body, headers, NativeRequest.Operation.GENERATE, !onlyClaude);
        boolean ok = false;
        try {
            RouteOptions routeOptions = options.apply(request);
            if (chat.streaming()) {
                stream(chat, routeOptions, response);
            } else {
                Routed<ChatResponse> routed = routers.get().complete(chat, routeOptions);
                describe.accept(routed, response);
                response.header(HeaderValues.CONTENT_TYPE_JSON);
                response.send(routed.value().nativeAnswer().map(NativeAnswer::json)
                        .orElseGet(() -> OpenAiJson.write(MessageAnswers.message(routed.value()))));
            }
            ok = true;
        } finally {
            metrics.completed(chat.streaming(), ok ? CompletionOutcome.OK : CompletionOutcome.ERROR, start);
        }
    }

    private void stream(ChatRequest chat, RouteOptions routeOptions, ServerResponse response) {
        Routed<ChunkStream> routed = routers.get().stream(chat, routeOptions);
        try (ChunkStream chunks = routed.value()) {
            describe.accept(routed, response);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            try (OutputStream out = response.outputStream()) {
                relay(chunks, new MessageEvents(chat.model()), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Claude's events as they came, or each chunk translated; the flush waits while more is at hand. */
    private static void relay(ChunkStream chunks, MessageEvents events, OutputStream out) throws IOException {
        boolean translated = true;
        try {
            Optional<StreamChunk> chunk;
            while ((chunk = chunks.next()).isPresent()) {
                Optional<byte[]> nativeEvent = chunk.get().nativeEvent();
                if (nativeEvent.isPresent()) {
                    translated = false;
                    out.write(nativeEvent.get());
                } else {
                    for (byte[] event : events.of(chunk.get().chunk())) {
                        out.write(event);
                    }
                }
                if (!chunks.hasBuffered()) {
                    out.flush();
                }
            }
            if (translated) {
                for (byte[] event : events.end()) {
                    out.write(event);
                }
            }
        } catch (OgemException midStream) {
            out.write(MessageEvents.event("error", MessageErrors.json(midStream)));
        }
        out.flush();
    }
}

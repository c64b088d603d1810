package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.SseEvent;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;

import java.io.IOException;
import java.util.Optional;

/**
 * Chunks of an OpenAI-protocol SSE stream, read one event at a time as they arrive and passed on as
 * the bytes received: one scan of each event's bytes ({@link ChunkKeys}) finds what matters, and nothing is
 * parsed unless it may carry an {@code error} or {@code usage}. A chunk counts against the stream's idle limit
 * unless it may carry something for the client. A whole
 * stream ends with {@code data: [DONE]}; one that ends without it was cut off, and is an error.
 */
final class OpenAiChunkStream implements ChunkStream {

    private final UpstreamEvents events;
    private final UpstreamCall call;
    /** The upstream sent {@code [DONE]}: what follows is the end of its body. */
    private boolean finished;

    OpenAiChunkStream(UpstreamEvents events, UpstreamCall call) {
        this.events = events;
        this.call = call;
    }

    @Override
    public Optional<StreamChunk> next() {
        if (finished) {
            return Optional.empty();
        }
        Optional<SseEvent> event = events.next();
        try {
            if (event.isEmpty()) {
                throw UpstreamEvents.cutOff("OpenAI-protocol", "data: [DONE]");
            }
            if (event.get().dataIs("[DONE]")) {
                finished = true;
                events.ended();
                return Optional.empty();
            }
            byte[] json = event.get().bytes();
            int keys = ChunkKeys.of(json);
            StreamChunk chunk = chunk(json, keys);
            if ((keys & ChunkKeys.USAGE) != 0) {
                chunk.chunk(); // parsed once here (and kept): a usage with a negative count is a BAD_RESPONSE
            }
            if ((keys & ChunkKeys.CARRIES) != 0) {
                events.delivered();
            }
            return Optional.of(chunk);
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof ProviderException provider) {
                throw provider;
            }
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream sent an unreadable stream event.", e);
        }
    }

    /**
     * The event's JSON, to be relayed as received. It is parsed only when it may hold an
     * {@code error}, which is thrown. The line breaks of data sent on several lines are whitespace
     * in JSON (a JSON string holds none unescaped) and become spaces, so that it is relayed on one line.
     */
    private StreamChunk chunk(byte[] json, int keys) throws IOException {
        if (!isObject(json)) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream sent a stream event that is not a JSON object.");
        }
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n') {
                json[i] = ' ';
            }
        }
        StreamChunk chunk = StreamChunk.ofJson(json);
        if ((keys & ChunkKeys.ERROR) != 0) {
            JsonNode error = OpenAiJson.readTree(json).get("error");
            if (error != null && !error.isNull()) {
                throw OpenAiErrors.classify(500, error, null, call);
            }
        }
        return chunk;
    }

    /** Whether the bytes start with {@code &#123;} and end with {@code &#125;}, spaces aside. */
    private static boolean isObject(byte[] json) {
        int first = 0;
        int last = json.length - 1;
        while (first <= last && Character.isWhitespace(json[first])) {
            first++;
        }
        while (last > first && Character.isWhitespace(json[last])) {
            last--;
        }
        return first < last && json[first] == '{' && json[last] == '}';
    }

    @Override
    public boolean hasBuffered() {
        return events.hasBufferedEvent();
    }

    /** After {@code [DONE]}, reads the end of the body first, so that the connection is kept for reuse. */
    @Override
    public void close() {
        events.close();
    }
}

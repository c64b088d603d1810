package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.SseReader;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Chunks of an OpenAI-protocol SSE stream, read one event at a time as they arrive and passed on as
 * the bytes received: nothing is parsed unless it may carry an {@code error}.
 */
final class OpenAiChunkStream implements ChunkStream {

    private final HttpClientResponse response;
    private final SseReader events;
    private boolean done;
    /** The upstream sent {@code [DONE]}: what follows is the end of its body. */
    private boolean finished;

    OpenAiChunkStream(HttpClientResponse response) {
        this.response = response;
        this.events = new SseReader(response.inputStream());
    }

    @Override
    public Optional<StreamChunk> next() {
        if (done || finished) {
            return Optional.empty();
        }
        try {
            Optional<SseReader.SseEvent> event = events.next();
            if (event.isEmpty()) {
                close();
                return Optional.empty();
            }
            if (event.get().dataIs("[DONE]")) {
                finished = true;
                return Optional.empty();
            }
            return Optional.of(chunk(event.get().bytes()));
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof ProviderException provider) {
                throw provider;
            }
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream stream broke off or sent an unreadable event.", e);
        }
    }

    /**
     * The event's JSON, to be relayed as received. It is parsed only when it may hold an
     * {@code error}, which is thrown. The line breaks of data sent on several lines are whitespace
     * in JSON (a JSON string holds none unescaped) and become spaces, so that it is relayed on one line.
     */
    private static StreamChunk chunk(byte[] json) throws IOException {
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
        if (chunk.mayCarry("error")) {
            JsonNode error = OpenAiJson.readTree(json).get("error");
            if (error != null && !error.isNull()) {
                throw OpenAiErrors.classify(500, error, null);
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
        return !done && events.hasBufferedEvent();
    }

    /** After {@code [DONE]}, reads the end of the body first, so that the connection is kept for reuse. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            if (finished) {
                events.skipRest();
            }
            response.close();
        }
    }
}

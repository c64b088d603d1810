package dev.ogem.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.http.SseReader;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.util.Optional;

/** Chunks of an OpenAI-protocol SSE stream, read one event at a time as they arrive. */
final class OpenAiChunkStream implements ChunkStream {

    private static final ObjectMapper JSON = OpenAiJson.mapper();

    private final HttpClientResponse response;
    private final SseReader events;
    private boolean done;

    OpenAiChunkStream(HttpClientResponse response) {
        this.response = response;
        this.events = new SseReader(response.inputStream());
    }

    @Override
    public Optional<ChatChunk> next() {
        if (done) {
            return Optional.empty();
        }
        try {
            Optional<SseReader.SseEvent> event = events.next();
            if (event.isEmpty() || event.get().data().equals("[DONE]")) {
                close();
                return Optional.empty();
            }
            return Optional.of(parse(event.get().data()));
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof ProviderException provider) {
                throw provider;
            }
            throw ProviderException.builder(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream stream broke off or sent an unreadable event.").cause(e).build();
        }
    }

    /**
     * Binds an event once, straight into a chunk; an {@code error} field lands in the chunk's extra
     * fields. Only an event that does not bind is read again as a tree, to find an error in it.
     */
    private static ChatChunk parse(String data) throws IOException {
        ChatChunk chunk;
        try {
            chunk = JSON.readValue(data, ChatChunk.class);
        } catch (JsonProcessingException e) {
            JsonNode tree;
            try {
                tree = JSON.readTree(data);
            } catch (JsonProcessingException notJson) {
                throw e;
            }
            if (tree != null && tree.has("error")) {
                throw OpenAiErrors.classify(500, tree.get("error"), null);
            }
            throw e;
        }
        if (chunk != null && chunk.extra().containsKey("error")) {
            throw OpenAiErrors.classify(500, chunk.extra().get("error"), null);
        }
        return chunk;
    }

    @Override
    public boolean hasBuffered() {
        return !done && events.hasBufferedEvent();
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            response.close();
        }
    }
}

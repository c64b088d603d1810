package dev.ogem.providers.openai;

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
            JsonNode tree = JSON.readTree(event.get().data());
            if (tree.has("error")) {
                close();
                throw OpenAiErrors.classify(500, tree.get("error"), null);
            }
            return Optional.of(JSON.treeToValue(tree, ChatChunk.class));
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof ProviderException provider) {
                throw provider;
            }
            throw ProviderException.builder(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream stream broke off or sent an unreadable event.").cause(e).build();
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            response.close();
        }
    }
}

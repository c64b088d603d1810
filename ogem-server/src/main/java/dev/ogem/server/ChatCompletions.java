package dev.ogem.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OgemException;
import dev.ogem.api.OpenAiJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions}: a JSON answer, or with {@code stream: true} server-sent
 * events, each chunk written and flushed the moment it arrives.
 */
final class ChatCompletions implements Handler {

    private static final ObjectMapper JSON = OpenAiJson.mapper();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final RequestReader reader;
    private final LlmClient router;

    ChatCompletions(RequestReader reader, LlmClient router) {
        this.reader = reader;
        this.router = router;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) throws IOException {
        ChatRequest chat = reader.read(request);
        if (chat.streaming()) {
            stream(chat, response);
        } else {
            response.header(HeaderValues.CONTENT_TYPE_JSON);
            response.send(JSON.writeValueAsBytes(router.complete(chat)));
        }
    }

    private void stream(ChatRequest chat, ServerResponse response) throws IOException {
        try (ChunkStream chunks = router.stream(chat)) {
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            try (OutputStream out = response.outputStream()) {
                relay(chunks, out);
                out.write(DONE);
            }
        }
    }

    private static void relay(ChunkStream chunks, OutputStream out) throws IOException {
        try {
            Optional<ChatChunk> chunk;
            while ((chunk = chunks.next()).isPresent()) {
                writeEvent(out, JSON.writeValueAsBytes(chunk.get()));
            }
        } catch (OgemException midStream) {
            writeEvent(out, ErrorBodies.json(midStream).toString().getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeEvent(OutputStream out, byte[] json) throws IOException {
        out.write(DATA);
        out.write(json);
        out.write(END_OF_EVENT);
        out.flush();
    }
}

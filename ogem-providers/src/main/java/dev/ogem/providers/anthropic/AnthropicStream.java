package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic SSE events → OpenAI chunks, one upstream event read per call when no chunk is waiting,
 * so chunks leave as events arrive. {@code message_start} gives the role chunk; text, thinking and
 * tool-input deltas become content, {@code reasoning_content} and tool-call argument deltas (indexed
 * by tool-call ordinal, not content-block index); {@code message_delta} gives the finish chunk;
 * {@code message_stop} the usage chunk ({@code choices: []}) when the caller asked for it.
 * An {@code error} event is thrown as a {@link ProviderException}; a stream that ends before
 * {@code message_stop} is a {@code BAD_RESPONSE}. {@code ping} events and events that yield no chunk
 * count against the stream's idle limit.
 */
final class AnthropicStream implements ChunkStream {

    private final AnthropicEvents events;
    private final StreamState state;
    private final ArrayDeque<ChatChunk> ready = new ArrayDeque<>();

    /**
     * Reads a stream.
     *
     * @param events         the upstream's events
     * @param call           the provider and the model asked for
     * @param jsonTool       whether the request added the synthetic JSON tool
     * @param includeUsage   whether to add the usage chunk
     * @param created        the creation time to report on every chunk
     */
    AnthropicStream(UpstreamEvents events, UpstreamCall call, boolean jsonTool, boolean includeUsage, long created) {
        this.events = new AnthropicEvents(events, call);
        this.state = new StreamState(call.model(), jsonTool, includeUsage, created);
    }

    @Override
    public Optional<StreamChunk> next() {
        while (ready.isEmpty() && !events.ended()) {
            ready.addAll(events.next(this::chunks));
        }
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        events.delivered();
        return Optional.of(StreamChunk.of(ready.poll()));
    }

    private List<ChatChunk> chunks(AnthropicEvents.Event event) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case "message_start" -> state.messageStart(data.path("message"));
            case "content_block_start" -> state.blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> state.blockDelta(data.path("index").asInt(), data.path("delta"));
            case "content_block_stop" -> state.blockStop(data.path("index").asInt());
            case "message_delta" -> state.messageDelta(data.path("delta"), data.path("usage"));
            case "message_stop" -> state.messageStop();
            default -> List.of(); // ping, and event types added later
        };
    }

    /** After {@code message_stop}, reads the end of the body first, so that the connection is kept for reuse. */
    @Override
    public void close() {
        events.close();
    }
}

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The stream of a native Messages request: every upstream event goes out as it came
 * ({@link StreamChunk#ofNative}), {@code ping} included, each with a translated chunk that carries
 * nothing but, on {@code message_stop}, the usage routing settles with ({@link StreamState} reads it).
 * An {@code error} event is thrown as a {@link ProviderException} (so a failure before the first
 * event still falls back); a stream that ends before {@code message_stop} is a {@code BAD_RESPONSE}.
 */
final class AnthropicNativeStream implements ChunkStream {

    private final AnthropicEvents events;
    private final UpstreamCall call;
    private final StreamState state;
    private final long created;

    AnthropicNativeStream(UpstreamEvents events, UpstreamCall call, long created) {
        this.events = new AnthropicEvents(events, call);
        this.call = call;
        this.created = created;
        this.state = new StreamState(call.model(), false, true, created);
    }

    @Override
    public Optional<StreamChunk> next() {
        if (events.ended()) {
            return Optional.empty();
        }
        return Optional.of(events.next(this::relay));
    }

    private StreamChunk relay(AnthropicEvents.Event event) {
        JsonNode data = event.data();
        String type = event.type();
        List<ChatChunk> chunks = switch (type) {
            case "message_start" -> state.messageStart(data.path("message"));
            case "message_delta" -> state.messageDelta(data.path("delta"), data.path("usage"));
            case "message_stop" -> state.messageStop();
            default -> List.of();
        };
        if (!"ping".equals(type)) {
            events.delivered();
        }
        ChatChunk chunk = chunks.stream().filter(c -> c.usage().isPresent()).findFirst()
                .orElseGet(() -> ChatChunk.of("", created, call.model(), List.of()));
        String json = new String(event.bytes(), StandardCharsets.UTF_8);
        // An event's data is one line as Anthropic sends it; one spread over lines is written anew.
        String line = json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : data.toString();
        byte[] wire = ("event: " + type + "\ndata: " + line + "\n\n").getBytes(StandardCharsets.UTF_8);
        return StreamChunk.ofNative(chunk, wire);
    }

    /** After {@code message_stop}, reads the end of the body first, so that the connection is kept for reuse. */
    @Override
    public void close() {
        events.close();
    }
}

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.http.SseEvent;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Anthropic's server-sent events, one at a time, as both of its chunk streams read them
 * ({@link AnthropicStream} translates them, {@link AnthropicNativeStream} relays them): each event's data
 * must be a JSON object and its type is the {@code event:} line or else the data's {@code type}; an
 * {@code error} event is thrown as a {@link ProviderException}; {@code message_stop} ends the stream; a
 * stream that ends before it is a {@code BAD_RESPONSE}. Whatever fails while an event is read or handled
 * closes the connection and reaches the caller as a {@link ProviderException}.
 */
final class AnthropicEvents implements AutoCloseable {

    /**
     * One event.
     *
     * @param type  its type, such as {@code content_block_delta}
     * @param data  its data
     * @param bytes its data as sent
     */
    record Event(String type, JsonNode data, byte[] bytes) {
    }

    private final UpstreamEvents events;
    private final UpstreamCall call;
    private boolean ended;

    /**
     * Reads a stream.
     *
     * @param events the upstream's events
     * @param call   the provider and the model asked for
     */
    AnthropicEvents(UpstreamEvents events, UpstreamCall call) {
        this.events = events;
        this.call = call;
    }

    /** @return whether {@code message_stop} has been read */
    boolean ended() {
        return ended;
    }

    /**
     * Reads the next event and hands it to {@code handler}.
     *
     * @param handler what to make of the event
     * @param <T>     what it makes
     * @return what the handler made
     * @throws ProviderException when the upstream sent an error event, an unreadable event or too few events
     */
    <T> T next(Function<Event, T> handler) {
        try {
            Optional<SseEvent> sse = events.next();
            if (sse.isEmpty()) {
                throw UpstreamEvents.cutOff("Anthropic", "message_stop");
            }
            return handler.apply(read(sse.get()));
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof ProviderException provider) {
                throw provider;
            }
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream sent an unreadable stream event.", e);
        }
    }

    private Event read(SseEvent sse) throws IOException {
        JsonNode data = OpenAiJson.readTree(sse.bytes());
        if (!data.isObject()) {
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The Anthropic stream sent an event that is not a JSON object.");
        }
        String type = sse.event().isEmpty() ? data.path("type").asText() : sse.event();
        if (type.equals("error")) {
            throw AnthropicErrors.classify(Optional.empty(), data.path("error"), Optional.empty(), call);
        }
        if (type.equals("message_stop")) {
            ended = true;
            events.ended();
        }
        return new Event(type, data, sse.bytes());
    }

    /** The reader handed out something for the client: the idle clock stops until it waits again. */
    void delivered() {
        events.delivered();
    }

    /** After {@code message_stop}, reads the end of the body first, so that the connection is kept for reuse. */
    @Override
    public void close() {
        events.close();
    }
}

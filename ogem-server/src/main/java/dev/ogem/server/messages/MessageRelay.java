package dev.ogem.server.messages;

import dev.ogem.api.ChunkStream;
import dev.ogem.api.GatewayException;
import dev.ogem.api.OgemException;
import dev.ogem.api.StreamChunk;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.metrics.CompletionOutcome;
import dev.ogem.server.stream.ClientStream;

import java.io.OutputStream;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a chunk stream to a Messages client as Anthropic stream events: Claude's own events as they came, or
 * each chunk translated ({@link MessageEvents}); a failure mid-stream ends it with an {@code error} event and
 * the outcome {@code error}. The flush waits only while the stream already holds the next chunk.
 *
 * <p>A client that closes its connection mid-stream is an ordinary event, as for chat completions
 * ({@link ClientStream}): the relay stops reading the upstream (the caller closes it), logs one line at
 * {@code FINE} and reports {@link CompletionOutcome#CLIENT_CLOSED}.
 */
final class MessageRelay {

    private static final Logger LOG = Logger.getLogger(MessageRelay.class.getName());

    private final ClientStream out;
    private final AccessRecord access;
    private int relayed;

    private MessageRelay(OutputStream out, AccessRecord access) {
        this.out = new ClientStream(out);
        this.access = access;
    }

    /**
     * Relays the whole stream.
     *
     * @param chunks the upstream's chunks; the caller closes them
     * @param events the translation of chunks that are not Claude's own events
     * @param out    the response body, closed here
     * @param access the request's access record: when the first event left, and a failure mid-stream
     * @return how the stream ended
     */
    static CompletionOutcome relay(ChunkStream chunks, MessageEvents events, OutputStream out, AccessRecord access) {
        MessageRelay relay = new MessageRelay(out, access);
        try {
            CompletionOutcome outcome = relay.events(chunks, events);
            relay.out.close();
            return outcome;
        } catch (ClientStream.Gone gone) {
            LOG.fine(() -> "The client closed the stream after " + relay.relayed + " chunks: " + gone.reason());
            relay.out.closeQuietly();
            return CompletionOutcome.CLIENT_CLOSED;
        }
    }

    private CompletionOutcome events(ChunkStream chunks, MessageEvents events) {
        boolean translated = true;
        while (true) {
            Optional<StreamChunk> chunk;
            try {
                chunk = chunks.next();
            } catch (OgemException midStream) {
                if (midStream instanceof GatewayException) {
                    LOG.log(Level.SEVERE, "Unexpected failure on POST " + MessagesApi.PREFIX + ", mid-stream",
                            midStream);
                }
                access.failed(midStream);
                out.write(MessageEvents.event("error", MessageErrors.json(midStream)));
                out.flush();
                return CompletionOutcome.ERROR;
            }
            if (chunk.isEmpty()) {
                break;
            }
            Optional<byte[]> nativeEvent = chunk.get().nativeEvent();
            if (nativeEvent.isPresent()) {
                translated = false;
                out.write(nativeEvent.get());
            } else {
                events.of(chunk.get().chunk()).forEach(out::write);
            }
            relayed++;
            if (!chunks.hasBuffered()) {
                out.flush();
                access.firstChunk();
            }
        }
        if (translated) {
            events.end().forEach(out::write);
        }
        out.flush();
        return CompletionOutcome.OK;
    }
}

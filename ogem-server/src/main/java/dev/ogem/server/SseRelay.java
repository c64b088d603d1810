package dev.ogem.server;

import dev.ogem.api.ChunkStream;
import dev.ogem.api.OgemException;
import dev.ogem.api.StreamChunk;
import dev.ogem.server.access.AccessRecord;
import dev.ogem.server.metrics.CompletionOutcome;
import dev.ogem.server.stream.ClientStream;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Writes a chunk stream to the client as server-sent events: each chunk as {@code data: …} (for an
 * OpenAI-protocol upstream, the bytes it sent), an error mid-stream as a last {@code data: {"error":…}}
 * event, then {@code data: [DONE]}. The flush waits only while the stream already holds the next chunk
 * ({@link ChunkStream#hasBuffered()}), so a burst leaves in one flush and a lone chunk at once.
 *
 * <p>A client that closes its connection mid-stream is an ordinary event, not a failure of the gateway:
 * the relay stops reading the upstream (the caller closes it), logs one line at {@code FINE} and reports
 * {@link CompletionOutcome#CLIENT_CLOSED} ({@link ClientStream}, which the Messages relay shares).
 */
final class SseRelay {

    private static final Logger LOG = Logger.getLogger(SseRelay.class.getName());
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ClientStream out;
    private final AccessRecord access;
    private int relayed;

    private SseRelay(OutputStream out, AccessRecord access) {
        this.out = new ClientStream(out);
        this.access = access;
    }

    /**
     * Relays the whole stream.
     *
     * @param chunks the upstream's chunks; the caller closes them
     * @param out    the response body, closed here
     * @param access the request's access record: when the first chunk left, and a failure mid-stream
     * @return how the stream ended
     */
    static CompletionOutcome relay(ChunkStream chunks, OutputStream out, AccessRecord access) {
        SseRelay relay = new SseRelay(out, access);
        try {
            CompletionOutcome outcome = relay.events(chunks);
            relay.write(DONE, null, null);
            relay.closeOut();
            return outcome;
        } catch (ClientStream.Gone gone) {
            LOG.fine(() -> "The client closed the stream after " + relay.relayed + " chunks: " + gone.reason());
            relay.closeQuietly();
            return CompletionOutcome.CLIENT_CLOSED;
        }
    }

    private CompletionOutcome events(ChunkStream chunks) {
        while (true) {
            Optional<StreamChunk> chunk;
            try {
                chunk = chunks.next();
            } catch (OgemException midStream) {
                ErrorBodies.logIfBug("POST /v1/chat/completions, mid-stream", midStream);
                access.failed(midStream);
                write(DATA, ErrorBodies.json(midStream).toString().getBytes(StandardCharsets.UTF_8), END_OF_EVENT);
                flush();
                return CompletionOutcome.ERROR;
            }
            if (chunk.isEmpty()) {
                return CompletionOutcome.OK;
            }
            write(DATA, chunk.get().json(), END_OF_EVENT);
            relayed++;
            if (!chunks.hasBuffered()) {
                flush();
                access.firstChunk();
            }
        }
    }

    private void write(byte[] first, byte[] second, byte[] third) {
        out.write(first);
        if (second != null) {
            out.write(second);
            out.write(third);
        }
    }

    private void flush() {
        out.flush();
    }

    private void closeOut() {
        out.close();
    }

    private void closeQuietly() {
        out.closeQuietly();
    }
}

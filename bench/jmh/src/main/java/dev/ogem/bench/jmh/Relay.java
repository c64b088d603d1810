package dev.ogem.bench.jmh;

import dev.ogem.api.ChunkStream;
import dev.ogem.api.StreamChunk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The gateway's side of a stream, I/O aside: what SettlingStream (ogem-routing) and
 * ChatCompletions.relay (ogem-server) do to each chunk. A chunk that may carry {@code usage} is
 * parsed; every chunk's JSON is written inside {@code data: ...\n\n}.
 */
public final class Relay {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private Relay() {
    }

    /**
     * Reads a stream to its end and writes its events.
     *
     * @param stream the stream, closed at the end
     * @return the bytes written
     */
    public static int drain(ChunkStream stream) {
        return drain(stream, new int[1]);
    }

    /**
     * Reads a stream to its end and writes its events, counting them.
     *
     * @param stream the stream, closed at the end
     * @param count  where the number of events is added, at index 0
     * @return the bytes written
     */
    public static int drain(ChunkStream stream, int[] count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (stream) {
            Optional<StreamChunk> next;
            while ((next = stream.next()).isPresent()) {
                StreamChunk chunk = next.get();
                if (chunk.mayCarry("usage")) {
                    chunk.chunk();
                }
                out.writeBytes(DATA);
                out.writeBytes(chunk.json());
                out.writeBytes(END);
                count[0]++;
            }
        }
        return out.size();
    }

    /**
     * Drains a stream once and checks how many events it gave, so that a benchmark never measures
     * an error path.
     *
     * @param stream   the stream
     * @param expected the number of events it must give
     */
    public static void check(ChunkStream stream, int expected) {
        int[] count = new int[1];
        drain(stream, count);
        if (count[0] != expected) {
            throw new IllegalStateException("expected " + expected + " events, got " + count[0]);
        }
    }
}

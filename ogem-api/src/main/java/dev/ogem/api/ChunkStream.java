package dev.ogem.api;

import java.util.Optional;

/**
 * A stream of chat completion chunks being received. Each chunk comes as a {@link StreamChunk}: the
 * bytes an OpenAI-protocol upstream sent, relayed without a parse, or a chunk a translation built.
 * Not thread-safe: one reader at a time.
 */
public interface ChunkStream extends AutoCloseable {

    /**
     * Blocks for the next chunk.
     *
     * @return the next chunk, or empty once the stream has ended normally
     * @throws OgemException when the upstream fails mid-stream
     */
    Optional<StreamChunk> next();

    /**
     * Whether the next chunk is already at hand, so that {@link #next()} returns without waiting for
     * the upstream. Never blocks. A relay may hold back its flush while this is true, sending a burst
     * of chunks in one write, and must flush when it is false; so a stream answers true only when it
     * is sure, and false (the default) when it cannot tell. A wrapping stream delegates.
     *
     * @return true when {@link #next()} will not wait for the network
     */
    default boolean hasBuffered() {
        return false;
    }

    /** Ends the stream and releases the upstream connection; safe to call twice. */
    @Override
    void close();
}

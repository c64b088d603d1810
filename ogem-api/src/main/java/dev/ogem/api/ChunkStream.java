package dev.ogem.api;

import java.util.Optional;

/**
 * A stream of chat completion chunks being received. Not thread-safe: one reader at a time.
 */
public interface ChunkStream extends AutoCloseable {

    /**
     * Blocks for the next chunk.
     *
     * @return the next chunk, or empty once the stream has ended normally
     * @throws OgemException when the upstream fails mid-stream
     */
    Optional<ChatChunk> next();

    /** Ends the stream and releases the upstream connection; safe to call twice. */
    @Override
    void close();
}

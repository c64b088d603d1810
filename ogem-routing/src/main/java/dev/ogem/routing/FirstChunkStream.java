package dev.ogem.routing;

import dev.ogem.api.ChunkStream;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.Usage;

import java.util.Optional;

/**
 * A stream whose first chunk has already been received, so that a failure before any byte could
 * reach the caller still counts as a failed attempt the router may fall back from.
 */
final class FirstChunkStream implements ChunkStream {

    private final ChunkStream upstream;
    private Optional<StreamChunk> first;

    private FirstChunkStream(ChunkStream upstream, Optional<StreamChunk> first) {
        this.upstream = upstream;
        this.first = first;
    }

    /**
     * Opens a stream by waiting for its first chunk; closes it when that fails.
     *
     * @param upstream a freshly opened stream
     * @return the stream, its first chunk in hand
     */
    static FirstChunkStream open(ChunkStream upstream) {
        try {
            return new FirstChunkStream(upstream, upstream.next());
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    @Override
    public Optional<StreamChunk> next() {
        if (first != null) {
            Optional<StreamChunk> chunk = first;
            first = null;
            return chunk;
        }
        return upstream.next();
    }

    @Override
    public boolean hasBuffered() {
        return first != null || upstream.hasBuffered();
    }

    @Override
    public Optional<Usage> usage() {
        return upstream.usage();
    }

    @Override
    public void close() {
        upstream.close();
    }
}

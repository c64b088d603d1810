package dev.ogem.api;

import java.util.Optional;

/**
 * A stream of chat completion chunks being received. Each chunk comes as a {@link StreamChunk}: the
 * bytes an OpenAI-protocol upstream sent, relayed without a parse, or a chunk a translation built.
 * One reader at a time calls {@link #next()} and {@link #hasBuffered()}.
 *
 * <p>Deadlines. A provider's stream bounds how long its reader may wait for a chunk that carries something
 * for the client (keep-alives do not count) and ends with a {@link ProviderException} of kind
 * {@code TIMEOUT} past it; a deadline for the whole stream is the caller's to keep. For that,
 * {@link #close()} may be called from any other thread, also while the reader is blocked in
 * {@link #next()}: the upstream connection is closed at once, and that {@code next()} (and any later one)
 * throws a {@link ProviderException} of kind {@code TIMEOUT} instead of waiting for the upstream. A caller
 * can thereby run a watchdog that closes a stream whose deadline passed.
 */
public interface ChunkStream extends AutoCloseable {

    /**
     * Blocks for the next chunk.
     *
     * @return the next chunk, or empty once the stream has ended normally, never for a stream that was
     *         cut off or closed before its end
     * @throws OgemException when the upstream fails mid-stream, the stream was cut off or idle too long, or it
     *                       was closed before its end
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

    /**
     * The token usage the upstream reported for the stream, once it has ended normally; also when the caller
     * did not ask for usage and the chunk that carried it was not relayed. A stream that cannot tell (the
     * default) answers empty.
     *
     * @return the usage, or empty before the end or when none was reported
     */
    default Optional<Usage> usage() {
        return Optional.empty();
    }

    /**
     * Ends the stream and releases the upstream connection; safe to call twice and from any thread, also
     * while another thread is blocked in {@link #next()}, which then throws promptly.
     */
    @Override
    void close();
}

package dev.ogem.routing;

import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.Usage;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Relays a routed stream and settles its reservation once, at its end: with the upstream's
 * {@code usage} when the stream ended normally and carried one, else with the estimate (a stream that
 * broke off or that the client left mid-way used tokens, but nobody says how many). The usage-only
 * chunk that ogem asked the upstream for is dropped when the client did not ask for usage itself, and a
 * usage field riding on a content chunk is stripped.
 */
final class SettlingStream implements ChunkStream {

    private final ChunkStream upstream;
    private final boolean clientWantsUsage;
    private final long estimate;
    private final LongConsumer settle;
    private final AtomicBoolean settled = new AtomicBoolean();
    private Optional<Usage> usage = Optional.empty();

    /**
     * @param upstream         the stream, its first chunk already received
     * @param clientWantsUsage whether the caller asked for {@code stream_options.include_usage}
     * @param estimate         the tokens reserved
     * @param settle           called once with the tokens to settle to
     */
    SettlingStream(ChunkStream upstream, boolean clientWantsUsage, long estimate, LongConsumer settle) {
        this.upstream = upstream;
        this.clientWantsUsage = clientWantsUsage;
        this.estimate = estimate;
        this.settle = settle;
    }

    /**
     * Passes chunks on untouched, parsing only one that may carry usage (the last, as a rule): its usage
     * is kept for the settlement and, unless the caller asked for it, taken off the chunk, or the whole
     * chunk dropped when it carries nothing else.
     */
    @Override
    public Optional<StreamChunk> next() {
        try {
            while (true) {
                Optional<StreamChunk> next = upstream.next();
                if (next.isEmpty()) {
                    finish(usage.map(Usage::totalTokens).orElse(estimate));
                    return next;
                }
                if (!next.get().mayCarry("usage")) {
                    return next;
                }
                ChatChunk chunk = next.get().chunk();
                if (chunk.usage().isEmpty() || clientWantsUsage) {
                    usage = chunk.usage().or(() -> usage);
                    return next;
                }
                usage = chunk.usage();
                if (!chunk.choices().isEmpty()) {
                    return Optional.of(StreamChunk.of(new ChatChunk(chunk.id(), chunk.object(), chunk.created(),
                            chunk.model(), chunk.choices(), Optional.empty(), chunk.systemFingerprint(), chunk.extra())));
                }
            }
        } catch (RuntimeException e) {
            finish(estimate);
            throw e;
        }
    }

    /**
     * The upstream's answer. A usage-only chunk that is dropped may then leave {@link #next()} waiting;
     * the upstream sends it last, right before the end of the stream.
     */
    @Override
    public boolean hasBuffered() {
        return upstream.hasBuffered();
    }

    /** The usage the upstream reported, kept for the settlement; also when it was not relayed. */
    @Override
    public Optional<Usage> usage() {
        return usage;
    }

    @Override
    public void close() {
        finish(estimate);
        upstream.close();
    }

    private void finish(long tokens) {
        if (settled.compareAndSet(false, true)) {
            settle.accept(tokens);
        }
    }
}

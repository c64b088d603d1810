package dev.ogem.server;

import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.StreamChunk;
import dev.ogem.routing.Route;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code system_fingerprint} of every chat answer and stream chunk, as the original Go ogem sent
 * it: {@code open-gemini/<provider>/<region>/<model>} of the endpoint that served (for a cache hit,
 * the one that served first), with the canonical model name. It replaces an upstream's own fingerprint,
 * so clients that read the serving endpoint from it work for every provider.
 */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(Route route) {
        return "open-gemini/" + route.provider() + "/" + route.region() + "/" + route.model();
    }

    static ChatAnswer stamp(ChatAnswer answer, Route route) {
        return answer.withSystemFingerprint(of(route));
    }

    static ChunkStream stamp(ChunkStream chunks, Route route) {
        UnaryOperator<StreamChunk> stamp = StreamChunk.systemFingerprint(of(route));
        return new ChunkStream() {
            @Override
            public Optional<StreamChunk> next() {
                return chunks.next().map(stamp);
            }

            @Override
            public boolean hasBuffered() {
                return chunks.hasBuffered();
            }

            @Override
            public void close() {
                chunks.close();
            }
        };
    }
}

package dev.ogem.routing;

import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.StreamChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing wrappers pass on whether the next chunk is in hand, so the relay can hold its flush. */
class BufferedChunksTest {

    @Test
    void theWrappersAnswerWhatTheUpstreamAnswers() {
        Upstream upstream = new Upstream(3);
        ChunkStream stream = new SettlingStream(FirstChunkStream.open(upstream), false, 10, tokens -> { });
        assertTrue(stream.hasBuffered(), "the first chunk is held");
        upstream.buffered = false;
        assertTrue(stream.hasBuffered(), "the first chunk is held, whatever the upstream has");
        stream.next();
        assertFalse(stream.hasBuffered());
        upstream.buffered = true;
        assertTrue(stream.hasBuffered());
        stream.close();
    }

    @Test
    void aStreamThatCannotTellSaysNo() {
        ChunkStream plain = new ChunkStream() {
            @Override
            public Optional<StreamChunk> next() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        assertFalse(plain.hasBuffered());
    }

    private static final class Upstream implements ChunkStream {
        private final Deque<ChatChunk> chunks = new ArrayDeque<>();
        boolean buffered = true;

        Upstream(int count) {
            for (int i = 0; i < count; i++) {
                chunks.add(ChatChunk.of("c", 0, "m", List.of()));
            }
        }

        @Override
        public Optional<StreamChunk> next() {
            return Optional.ofNullable(chunks.poll()).map(StreamChunk::of);
        }

        @Override
        public boolean hasBuffered() {
            return buffered;
        }

        @Override
        public void close() {
        }
    }
}

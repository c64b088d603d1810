package dev.ogem.routing;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.chunk;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static dev.ogem.routing.Scripted.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream keeps the request's deadline after its first chunk: past it, a TIMEOUT ends it and it is settled. */
class StreamDeadlineTest {

    private static final ChatRequest STREAM = request(
            "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    private final Scripted scripted = new Scripted();
    private final RecordingStore store = new RecordingStore(StateStore.inMemory(scripted.clock));

    private Router router(Function<Endpoint, LlmClient> clients) {
        return Router.builder().catalog(catalog(Duration.ZERO, provider("a", region("a", model("m", 0, 10_000)))))
                .clients(clients).store(store).settings(scripted.settings()).build();
    }

    @Test
    void aReadPastTheDeadlineEndsTheStreamWithATimeout() {
        scripted.streams.put("a/a", List.of(chunk("x"), chunk("y"), chunk("z")));
        ChunkStream stream = router(scripted::client).stream(STREAM,
                new RouteOptions(Optional.of(Duration.ofSeconds(10)), false)).value();
        assertTrue(stream.next().isPresent());
        scripted.clock.advance(Duration.ofSeconds(11));
        ProviderException e = assertThrows(ProviderException.class, stream::next);
        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertEquals(504, e.status());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
        assertEquals(List.of(store.reserved.getFirst()), store.settled, "settled once, to the estimate");
        stream.close();
        assertEquals(1, store.settled.size());
    }

    @Test
    void aReadBlockedOnASilentUpstreamEndsAtTheDeadline() throws InterruptedException {
        Silent silent = new Silent();
        ChunkStream stream = router(e -> silent).stream(STREAM,
                new RouteOptions(Optional.of(Duration.ofMillis(300)), false)).value();
        assertTrue(stream.next().isPresent(), "the first chunk");
        ProviderException e = assertThrows(ProviderException.class, stream::next, "ends, never hangs");
        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
        assertTrue(silent.closed.get(), "the upstream connection was closed");
        assertEquals(1, store.settled.size());
    }

    @Test
    void aStreamThatEndsInTimeIsRelayedWhole() {
        scripted.streams.put("a/a", List.of(chunk("x"), chunk("y")));
        try (ChunkStream stream = router(scripted::client).stream(STREAM,
                new RouteOptions(Optional.of(Duration.ofSeconds(10)), false)).value()) {
            assertTrue(stream.next().isPresent());
            scripted.clock.advance(Duration.ofSeconds(9));
            assertTrue(stream.next().isPresent());
            assertTrue(stream.next().isEmpty());
        }
    }

    /** An upstream that sends one chunk and then nothing, until it is closed (as a real connection would). */
    private static final class Silent implements LlmClient {
        final AtomicBoolean closed = new AtomicBoolean();
        final CountDownLatch closing = new CountDownLatch(1);

        @Override
        public ChatResponse complete(ChatRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChunkStream stream(ChatRequest request) {
            return new ChunkStream() {
                private boolean first = true;

                @Override
                public Optional<StreamChunk> next() {
                    if (first) {
                        first = false;
                        return Optional.of(StreamChunk.of(chunk("x")));
                    }
                    try {
                        closing.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw ProviderException.of(ProviderException.Kind.TIMEOUT, "closed");
                }

                @Override
                public void close() {
                    closed.set(true);
                    closing.countDown();
                }
            };
        }
    }
}

package dev.ogem.providers.openai;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an OpenAI-protocol client does when an upstream stream or answer misbehaves: cut off, oversized, not
 * JSON, idle, or closed from another thread.
 */
class OpenAiStreamFaultsTest {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static ChatRequest request(String json) throws Exception {
        return OpenAiJson.read(json, ChatRequest.class);
    }

    private OpenAiClient client(Optional<String> key) {
        return new OpenAiClient(http, upstream.baseUrl(), key);
    }

    @Test
    void aStreamThatEndsWithoutDoneWasCutOffAndIsAnError() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("Hel")),
                Event.data(OpenAiFixtures.finish("stop")))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            assertEquals("Hel", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertEquals("stop", stream.next().orElseThrow().chunk().choices().getFirst().finishReason().orElseThrow());
            ProviderException cut = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, cut.kind());
            assertEquals(502, cut.status());
            assertTrue(cut.getMessage().contains("cut off") && cut.getMessage().contains("[DONE]"), cut.getMessage());
        }
    }

    @Test
    void anEventPastTheBoundEndsTheStreamAndTheConnection() throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(Event.data(OpenAiFixtures.chunk("a")));
        events.add(Event.data(OpenAiFixtures.chunk("b".repeat(200_000))));
        for (int i = 0; i < 100; i++) {
            events.add(Event.data(OpenAiFixtures.chunk("more")).delayed(Duration.ofMillis(20)));
        }
        upstream.answer(r -> Reply.sse(events));
        UpstreamHttp small = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(30),
                ProviderLimits.defaults().withMaxUpstreamBytes(1024 * 1024, 65_536));
        try (ChunkStream stream = new OpenAiClient(small, upstream.baseUrl(), Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            stream.next().orElseThrow();
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
            assertTrue(e.getMessage().contains("limit of 65536 bytes"), e.getMessage());
        }
        for (int i = 0; i < 500 && !upstream.sawClientClose(); i++) {
            Thread.sleep(10);
        }
        assertTrue(upstream.sawClientClose(), "the connection was closed, not drained");
    }

    @Test
    void aPlainAnswerPastTheBoundIsABadResponse() throws Exception {
        String huge = OpenAiFixtures.completion("m", "c".repeat(300_000));
        UpstreamHttp small = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(30),
                ProviderLimits.defaults().withMaxUpstreamBytes(100_000, 65_536));
        OpenAiClient client = new OpenAiClient(small, upstream.baseUrl(), Optional.empty());
        ChatRequest req = request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        upstream.answer(r -> Reply.json(200, huge));
        ProviderException declared = assertThrows(ProviderException.class, () -> client.complete(req));
        assertEquals(ProviderException.Kind.BAD_RESPONSE, declared.kind());
        assertTrue(declared.getMessage().contains("limit of 100000 bytes"), declared.getMessage());

        upstream.answer(r -> Reply.sse(List.of(new Event(huge, new CountDownLatch(0), Duration.ZERO))));
        ProviderException chunked = assertThrows(ProviderException.class, () -> client.complete(req),
                "a body of unknown length is cut at the bound too");
        assertTrue(chunked.getMessage().contains("limit of 100000 bytes"), chunked.getMessage());

        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "small")));
        assertEquals("small", client.complete(req).choices().getFirst().message().text(), "a body within it is read");
    }

    @Test
    void anEventThatIsNotAJsonObjectIsABadResponse() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(Event.data("<html>oops</html>"))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
        }
    }

    @Test
    void keepAlivesAndEmptyChunksDoNotKeepAStreamOpen() throws Exception {
        List<Event> events = new ArrayList<>();
        events.add(Event.data(OpenAiFixtures.chunk("first")));
        for (int i = 0; i < 200; i++) {
            String idle = i % 2 == 0 ? ": keep-alive\n\n"
                    : "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{}}]}\n\n";
            events.add(new Event(idle, new CountDownLatch(0), Duration.ofMillis(50)));
        }
        events.add(Event.data(OpenAiFixtures.chunk("too late")));
        events.add(Event.data("[DONE]"));
        upstream.answer(r -> Reply.sse(events));
        UpstreamHttp idleAfter300ms = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(30),
                ProviderLimits.defaults().withStreamIdleTimeout(Duration.ofMillis(300)));
        try (ChunkStream stream = new OpenAiClient(idleAfter300ms, upstream.baseUrl(), Optional.empty())
                .stream(request("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))) {
            assertEquals("first", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            ProviderException idle = assertThrows(ProviderException.class, () -> {
                while (stream.next().isPresent()) {
                    // empty chunks are relayed, and count as nothing
                }
            });
            assertEquals(ProviderException.Kind.TIMEOUT, idle.kind());
            assertTrue(idle.getMessage().contains("sent nothing for the client for 300 ms"), idle.getMessage());
            assertThrows(ProviderException.class, stream::next, "the stream stays ended");
        }
    }

    @Test
    void aReaderThatTakesItsTimeBetweenChunksIsNotIdle() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("a")), Event.data(OpenAiFixtures.chunk("b")),
                Event.data("[DONE]"))));
        UpstreamHttp idleAfter200ms = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(30),
                ProviderLimits.defaults().withStreamIdleTimeout(Duration.ofMillis(200)));
        try (ChunkStream stream = new OpenAiClient(idleAfter200ms, upstream.baseUrl(), Optional.empty())
                .stream(request("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))) {
            assertEquals("a", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            Thread.sleep(800); // a slow client: the time between two reads is not the upstream's
            assertEquals("b", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertTrue(stream.next().isEmpty());
        }
    }

    @Test
    void closingAStreamFromAnotherThreadEndsABlockedReadAtOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        upstream.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("a")),
                Event.data(OpenAiFixtures.chunk("held back")).after(never), Event.data("[DONE]"))));
        UpstreamHttp patient = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(60));
        ChunkStream stream = new OpenAiClient(patient, upstream.baseUrl(), Optional.empty())
                .stream(request("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        try {
            stream.next().orElseThrow();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(stream.next());
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            for (int i = 0; i < 500 && !parked(reader); i++) {
                Thread.sleep(10);
            }
            assertTrue(parked(reader), "the reader is blocked on the socket: " + reader.getState());
            stream.close();
            assertTrue(reader.join(Duration.ofSeconds(5)), "the read ended although the upstream held its event back");
            ProviderException closed = assertInstanceOf(ProviderException.class, outcome.get());
            assertEquals(ProviderException.Kind.TIMEOUT, closed.kind());
            assertTrue(closed.getMessage().contains("closed before the upstream ended it"), closed.getMessage());
        } finally {
            never.countDown();
            stream.close();
        }
    }

    private static boolean parked(Thread thread) {
        return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
    }
}

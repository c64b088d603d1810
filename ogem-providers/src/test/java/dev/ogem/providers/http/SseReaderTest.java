package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseReaderTest {

    @Test
    void readsEventsWithEveryLineEnding() throws IOException {
        for (String end : List.of("\n", "\r\n", "\r")) {
            String stream = ": comment" + end + "event: delta" + end + "data: {\"a\":1}" + end + end
                    + "data: one" + end + "data:two" + end + "data" + end + end
                    + "event: ignored" + end + end
                    + "data: [DONE]" + end + end;
            assertEquals(List.of(new SseEvent("delta", "{\"a\":1}"),
                            new SseEvent("", "one\ntwo\n"),
                            new SseEvent("", "[DONE]")),
                    all(new SseReader(bytes(stream, 1))), "line end " + end.replace("\r", "CR").replace("\n", "LF"));
        }
    }

    @Test
    void aLastEventWithoutItsBlankLineStillCounts() throws IOException {
        assertEquals(List.of(new SseEvent("", "tail")), all(new SseReader(bytes("data: tail", 3))));
        assertEquals(List.of(), all(new SseReader(bytes("", 3))));
    }

    @Test
    void decodesUtf8SplitAcrossReadsAndLinesLongerThanTheBuffer() throws IOException {
        String text = "héllo wörld ✓ 😀 ".repeat(400);
        String stream = "data: " + text + "\n\ndata: after\n\n";
        assertEquals(List.of(new SseEvent("", text), new SseEvent("", "after")),
                all(new SseReader(bytes(stream, 7))));
        assertEquals(List.of(new SseEvent("", text), new SseEvent("", "after")),
                all(new SseReader(bytes(stream, 100_000))));
    }

    @Test
    void tellsWhenTheNextEventIsAlreadyInHand() throws IOException {
        SseReader reader = new SseReader(bytes("data: a\r\n\r\ndata: b\r\n\r\n: ping\n\ndata: c\n", 100_000));
        assertFalse(reader.hasBufferedEvent(), "nothing read yet");
        assertEquals("a", reader.next().orElseThrow().data());
        assertTrue(reader.hasBufferedEvent());
        assertEquals("b", reader.next().orElseThrow().data());
        assertFalse(reader.hasBufferedEvent(), "a comment, then an event without its blank line");
        assertEquals("c", reader.next().orElseThrow().data());
        assertFalse(reader.hasBufferedEvent());
        assertEquals(Optional.empty(), reader.next());
    }

    @Test
    void bytesTheBodySaysHaveArrivedAreReadToAnswerAndNoMore() throws IOException {
        String stream = "data: a\n\ndata: b\n\ndata: c\n\n";
        SseReader reader = new SseReader(arrived(stream, 3, "data: a\n\ndata: b\n\nda".length()));
        assertTrue(reader.hasBufferedEvent(), "'a' arrived in pieces of three bytes");
        assertEquals("a", reader.next().orElseThrow().data());
        assertTrue(reader.hasBufferedEvent(), "so did 'b'");
        assertEquals("b", reader.next().orElseThrow().data());
        assertFalse(reader.hasBufferedEvent(), "only 'da' of 'c' arrived, and the body was not read past it");
        assertEquals("c", reader.next().orElseThrow().data());
        assertEquals(Optional.empty(), reader.next());
    }

    @Test
    void anEventArrivingInPiecesIsNotInHandUntilItsBlankLine() throws IOException {
        SseReader reader = new SseReader(bytes("data: a\n\ndata: b\n\n", 10));
        assertEquals("a", reader.next().orElseThrow().data());
        assertFalse(reader.hasBufferedEvent(), "only 'data: b' of the next event was read");
        assertEquals("b", reader.next().orElseThrow().data());
    }

    @Test
    void aLineLongerThanTheBoundStopsTheReadInsteadOfFillingTheHeap() {
        InputStream endless = new InputStream() {
            private long left = 8L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = (int) Math.min(len, left);
                if (n <= 0) {
                    return -1;
                }
                Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        ProviderException e = assertThrows(ProviderException.class, () -> new SseReader(endless, 65_536).next());
        assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("limit of 65536 bytes"), e.getMessage());
    }

    @Test
    void anEventOfManyDataLinesIsBoundedToo() throws IOException {
        String line = "data: " + "x".repeat(1000) + "\n";
        assertEquals(1000 * 3 + 2, new SseReader(bytes(line.repeat(3) + "\n", 512), 4096).next().orElseThrow().bytes().length);
        ProviderException e = assertThrows(ProviderException.class,
                () -> new SseReader(bytes(line.repeat(5) + "\n", 512), 4096).next());
        assertTrue(e.getMessage().contains("limit of 4096 bytes"), e.getMessage());
        assertEquals(List.of(new SseEvent("", "x".repeat(4096))),
                all(new SseReader(bytes("data: " + "x".repeat(4096) + "\n\n", 100), 4096)), "exactly the bound is fine");
    }

    private static List<SseEvent> all(SseReader reader) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        Optional<SseEvent> event;
        while ((event = reader.next()).isPresent()) {
            events.add(event.get());
        }
        return events;
    }

    /**
     * A body that hands out at most {@code step} bytes per read and reports none available, as Helidon's
     * client body streams do.
     */
    private static InputStream bytes(String text, int step) {
        return arrived(text, step, 0);
    }

    /** A body that hands out at most {@code step} bytes per read and says the first {@code arrived} are here. */
    private static InputStream arrived(String text, int step, int arrived) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }

            @Override
            public synchronized int available() {
                return Math.max(0, arrived - pos);
            }
        };
    }
}

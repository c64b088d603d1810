package dev.ogem.providers.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadAheadBodyTest {

    @Test
    void whatArrivedIsAvailableBeforeItIsAskedForAndReadInOrder() throws Exception {
        Network network = new Network();
        try (ReadAheadBody body = ReadAheadBody.start(network)) {
            assertEquals(0, body.available());
            network.send("data: a\n\n");
            network.send("data: b\n\n");
            await(() -> body.available() == 18, "both pieces are read ahead");
            byte[] into = new byte[5];
            assertEquals(5, body.read(into, 0, 5));
            assertEquals("data:", text(into, 5));
            assertEquals(13, body.available());
            byte[] rest = new byte[64];
            assertEquals(13, body.read(rest, 0, 64), "one read takes what waits, across the pieces");
            assertEquals(" a\n\ndata: b\n\n", text(rest, 13));
            network.end();
            assertEquals(-1, body.read(rest, 0, 64));
            assertEquals(-1, body.read(rest, 0, 64), "the end stays the end");
        }
    }

    @Test
    void largePiecesArriveWholeAndInOrder() throws Exception {
        Network network = new Network();
        byte[] large = new byte[10_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        try (ReadAheadBody body = ReadAheadBody.start(network)) {
            network.send(large);
            network.send("tail");
            network.end();
            byte[] all = body.readAllBytes();
            assertEquals(large.length + 4, all.length);
            assertTrue(Arrays.equals(large, 0, large.length, all, 0, large.length), "the large piece, byte for byte");
            assertEquals("tail", text(Arrays.copyOfRange(all, large.length, all.length), 4));
        }
    }

    @Test
    void aReadWaitsForTheNetwork() throws Exception {
        Network network = new Network();
        try (ReadAheadBody body = ReadAheadBody.start(network)) {
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> read(body));
            Thread.sleep(100);
            assertFalse(read.isDone(), "nothing arrived yet");
            network.send("x");
            assertEquals('x', read.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailureOfTheBodyIsThrownAfterTheBytesBeforeIt() throws Exception {
        Network network = new Network();
        IOException reset = new IOException("connection reset");
        try (ReadAheadBody body = ReadAheadBody.start(network)) {
            network.send("ok");
            network.fail(reset);
            byte[] into = new byte[8];
            assertEquals(2, body.read(into, 0, 8));
            IOException thrown = assertThrows(IOException.class, () -> body.read(into, 0, 8));
            assertSame(reset, thrown.getCause());
        }
    }

    @Test
    void readingAheadPausesAtTheBoundUntilTheReaderTakesSome() throws Exception {
        Network network = new Network();
        byte[] piece = new byte[1000];
        for (int i = 0; i < 100; i++) {
            network.send(piece);
        }
        try (ReadAheadBody body = ReadAheadBody.start(network)) {
            await(() -> body.available() >= ReadAheadBody.CAPACITY, "read ahead up to the bound");
            Thread.sleep(100);
            long held = network.taken.get();
            assertTrue(body.available() < ReadAheadBody.CAPACITY + piece.length, "at most one piece past the bound");
            assertTrue(held < 20, "the rest waits in the network: " + held + " pieces taken");
            body.read(new byte[8 * 1024], 0, 8 * 1024);
            await(() -> network.taken.get() > held, "taking some lets it read on");
        }
    }

    @Test
    void closeEndsABlockedReadAndTheReadingAhead() throws Exception {
        Network network = new Network();
        for (int i = 0; i < 40; i++) {
            network.send(new byte[1000]);
        }
        ReadAheadBody body = ReadAheadBody.start(network);
        await(() -> body.available() >= ReadAheadBody.CAPACITY, "waiting for room");
        body.close();
        assertEquals(0, body.available(), "what waited unread is dropped");
        assertTrue(network.reader.get().join(Duration.ofSeconds(5)), "the reading ahead ended");

        Network quiet = new Network();
        ReadAheadBody idle = ReadAheadBody.start(quiet);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> read(idle));
        Thread.sleep(100);
        idle.close();
        Exception failed = assertThrows(Exception.class, () -> read.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause().getCause(), failed.toString());
        quiet.end();
        assertTrue(quiet.reader.get().join(Duration.ofSeconds(5)), "its read in progress returned and it ended");
    }

    private static int read(InputStream body) {
        try {
            return body.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    /** A body whose pieces arrive when the test sends them, at most one piece a read, as a chunked HTTP body's do. */
    private static final class Network extends InputStream {
        private static final Object END = new Object();
        private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
        final AtomicLong taken = new AtomicLong();
        final AtomicReference<Thread> reader = new AtomicReference<>();
        /** What the last read left of its piece. */
        private byte[] rest;

        void send(String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] piece) {
            pieces.add(piece);
        }

        void fail(IOException e) {
            pieces.add(e);
        }

        void end() {
            pieces.add(END);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] into, int from, int length) throws IOException {
            reader.set(Thread.currentThread());
            if (rest == null) {
                Object piece;
                try {
                    piece = pieces.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                if (piece == END) {
                    pieces.add(END);
                    return -1;
                }
                if (piece instanceof IOException e) {
                    throw e;
                }
                rest = (byte[]) piece;
                taken.incrementAndGet();
            }
            int count = Math.min(length, rest.length);
            System.arraycopy(rest, 0, into, from, count);
            rest = count == rest.length ? null : Arrays.copyOfRange(rest, count, rest.length);
            return count;
        }
    }
}

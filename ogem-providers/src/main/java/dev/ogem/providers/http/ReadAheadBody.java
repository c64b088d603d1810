package dev.ogem.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body read ahead by a virtual thread of its own into a bounded buffer, so that what has
 * already arrived shows in {@link #available()}. Helidon's client body streams hand out one HTTP chunk
 * per read and report nothing available, so without this a relay cannot tell that the next event is
 * already here and writes (and flushes) each event on its own.
 *
 * <ul>
 *   <li>Reading: one thread reads; {@link #read} blocks until bytes, the end or a failure arrive, in the
 *       order the body gave them.</li>
 *   <li>Bound: the reading ahead pauses while {@value #CAPACITY} bytes or more wait unread, so a slow
 *       reader holds its upstream back as a direct read would.</li>
 *   <li>Failure: an exception of the body is thrown by the read that reaches it, as an
 *       {@link IOException} whose cause it is.</li>
 *   <li>Close from any thread: drops what waits unread, ends the reading ahead once its read in progress
 *       returns, and ends a blocked {@link #read} with an {@link IOException}. It does not close the body:
 *       its owner does, which is what ends a read in progress.</li>
 * </ul>
 */
final class ReadAheadBody extends InputStream {

    /** The most bytes read ahead of the reader (one read more may pass it). */
    static final int CAPACITY = 16 * 1024;
    /**
     * The first read's size: a chunk of a stream is mostly one event of a few hundred bytes, and what a stream
     * holds while it waits counts against the young generation's survivors. A read that fills it doubles it, up
     * to {@link #MAX_READ}.
     */
    private static final int FIRST_READ = 256;
    private static final int MAX_READ = 4096;
    /** The reading-ahead threads: they need none of the request's context. */
    private static final ThreadFactory READERS = Thread.ofVirtual().name("ogem-upstream-read")
            .inheritInheritableThreadLocals(false).factory();

    private final InputStream body;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** How far the first of {@link #chunks} was read. */
    private int offset;
    /** The unread bytes in {@link #chunks}. */
    private int unread;
    private boolean end;
    private Throwable failure;
    private boolean closed;

    private ReadAheadBody(InputStream body) {
        this.body = body;
    }

    /**
     * Starts reading a body ahead.
     *
     * @param body the body, read from now on only by the thread this starts
     * @return the body to read instead
     */
    static ReadAheadBody start(InputStream body) {
        ReadAheadBody ahead = new ReadAheadBody(body);
        READERS.newThread(ahead::pump).start();
        return ahead;
    }

    private void pump() {
        byte[] scratch = new byte[FIRST_READ];
        try {
            int read;
            while ((read = body.read(scratch)) >= 0) {
                if (read > 0 && !offer(Arrays.copyOf(scratch, read))) {
                    return;
                }
                if (read == scratch.length && read < MAX_READ) {
                    scratch = new byte[read * 2];
                }
            }
            finish(null);
        } catch (IOException | RuntimeException e) {
            finish(e);
        } catch (Error e) {
            finish(e);
            throw e;
        }
    }

    /** Queues bytes read; false when closed. */
    private boolean offer(byte[] bytes) {
        lock.lock();
        try {
            while (unread >= CAPACITY && !closed) {
                writable.awaitUninterruptibly();
            }
            if (closed) {
                return false;
            }
            chunks.addLast(bytes);
            unread += bytes.length;
            readable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finish(Throwable e) {
        lock.lock();
        try {
            end = true;
            failure = e;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (unread == 0 && !end && !closed) {
                readable.await();
            }
            if (closed) {
                throw new IOException("The upstream body was closed.");
            }
            if (unread == 0) {
                if (failure != null) {
                    throw new IOException("The upstream body failed.", failure);
                }
                return -1;
            }
            return take(into, from, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the upstream body.");
        } finally {
            lock.unlock();
        }
    }

    private int take(byte[] into, int from, int length) {
        int taken = 0;
        while (taken < length && !chunks.isEmpty()) {
            byte[] first = chunks.peekFirst();
            int count = Math.min(length - taken, first.length - offset);
            System.arraycopy(first, offset, into, from + taken, count);
            taken += count;
            offset += count;
            if (offset == first.length) {
                chunks.removeFirst();
                offset = 0;
            }
        }
        unread -= taken;
        if (unread < CAPACITY) {
            writable.signal();
        }
        return taken;
    }

    /**
     * The bytes that arrived and wait unread; never blocks.
     *
     * @return that count, 0 once closed
     */
    @Override
    public int available() {
        lock.lock();
        try {
            return closed ? 0 : unread;
        } finally {
            lock.unlock();
        }
    }

    /** Drops what waits unread and stops reading ahead; the body itself is closed by its owner. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            unread = 0;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

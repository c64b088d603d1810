package dev.ogem.server.logging;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes one line per record to standard error through a buffer. Records below {@code WARNING} (the access log,
 * {@code INFO} and finer) are written out by a daemon thread every {@value #FLUSH_MILLIS} ms or when the buffer
 * fills, so a busy gateway makes one write per batch of lines instead of one per request (the JDK's
 * {@code ConsoleHandler} flushes after every record); a {@code WARNING} or {@code SEVERE} record is written out
 * at once, with whatever was buffered before it. Closing (the log manager does it at exit) writes out what is
 * left and keeps standard error open.
 */
final class BufferedLineHandler extends StreamHandler {

    private static final long FLUSH_MILLIS = 200;
    private static final int BUFFER_BYTES = 64 * 1024;

    private volatile boolean closed;

    BufferedLineHandler(Formatter formatter) {
        this(new FileOutputStream(FileDescriptor.err), formatter);
    }

    BufferedLineHandler(OutputStream out, Formatter formatter) {
        super(new BufferedOutputStream(out, BUFFER_BYTES), formatter);
        try {
            setEncoding(StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("every Java runtime has UTF-8", e);
        }
        setLevel(Level.ALL);
        Thread.ofPlatform().daemon().name("ogem-log-flush").start(this::flushEvery);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        if (record != null && record.getLevel().intValue() >= Level.WARNING.intValue()) {
            flush();
        }
    }

    /** Writes out what is buffered; standard error stays open for whatever writes after the log manager. */
    @Override
    public synchronized void close() {
        closed = true;
        flush();
    }

    private void flushEvery() {
        while (!closed) {
            LockSupport.parkNanos(FLUSH_MILLIS * 1_000_000);
            flush();
        }
    }
}

package dev.ogem.server.logging;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes one line per record to standard error through a buffer. The records of a busy logger (the access log:
 * one line per request) below {@code WARNING} are written out by a daemon thread every {@value #FLUSH_MILLIS} ms
 * or when the buffer fills, so a busy gateway makes one write per batch of lines instead of one per request (the
 * JDK's {@code ConsoleHandler} flushes after every record); every other record is written out at once, with
 * whatever was buffered before it. Closing (the log manager does it at exit) writes out what is left and keeps
 * standard error open.
 */
final class BufferedLineHandler extends StreamHandler {

    private static final long FLUSH_MILLIS = 200;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Predicate<LogRecord> mayWait;
    private volatile boolean closed;

    /**
     * A handler on standard error.
     *
     * @param formatter the line format
     * @param busy      the loggers whose quieter records may wait for the next batch
     */
    BufferedLineHandler(Formatter formatter, Set<String> busy) {
        this(new FileOutputStream(FileDescriptor.err), formatter, busy);
    }

    BufferedLineHandler(OutputStream out, Formatter formatter, Set<String> busy) {
        super(new BufferedOutputStream(out, BUFFER_BYTES), formatter);
        this.mayWait = record -> busy.contains(record.getLoggerName())
                && record.getLevel().intValue() < Level.WARNING.intValue();
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
        if (record != null && !mayWait.test(record)) {
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

package dev.ogem.server.logging;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes one line per record, in UTF-8, to standard error through a buffer. The records of a busy logger (the
 * access log: one line per request) below {@code WARNING} are written out by a daemon thread every
 * {@value #FLUSH_MILLIS} ms or when the buffer fills, so a busy gateway makes one write per batch of lines instead
 * of one per request (the JDK's {@code ConsoleHandler} flushes after every record); every other record is written
 * out at once, with whatever was buffered before it. A record is formatted and encoded before the handler's lock
 * is taken, and its bytes are copied into the buffer under it. Closing (the log manager does it at exit) writes
 * out what is left and keeps standard error open.
 */
final class BufferedLineHandler extends Handler {

    private static final long FLUSH_MILLIS = 200;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream out;
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
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.mayWait = record -> busy.contains(record.getLoggerName())
                && record.getLevel().intValue() < Level.WARNING.intValue();
        setFormatter(formatter);
        setLevel(Level.ALL);
        Thread.ofPlatform().daemon().name("ogem-log-flush").start(this::flushEvery);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError(null, e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        boolean now = !mayWait.test(record);
        synchronized (this) {
            try {
                out.write(line);
                if (now) {
                    out.flush();
                }
            } catch (IOException e) {
                reportError(null, e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError(null, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    /** Writes out what is buffered; standard error stays open for whatever writes after the log manager. */
    @Override
    public void close() {
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

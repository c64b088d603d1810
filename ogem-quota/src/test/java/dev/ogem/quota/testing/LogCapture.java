package dev.ogem.quota.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records a JUL logger and its children publish while the capture is open, for tests that check
 * what is logged. Close it to stop capturing. Like {@link FakeClock}, it sits in the test-jar's own
 * package so that every module's tests can use it.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /**
     * Starts capturing.
     *
     * @param loggerName the logger, such as a class name; the empty string for every logger
     * @return the capture, open
     */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    /**
     * Everything captured so far, in order.
     *
     * @return the records
     */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /**
     * How many records of a level were captured.
     *
     * @param level the level
     * @return the count
     */
    public long count(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).count();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

package dev.ogem.server.logging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object a line, for a collector: {@code time} (RFC 3339), {@code level}, {@code logger},
 * {@code message}, {@code thread} and, when there is one, {@code exception} (the stack trace). An access log
 * record (its message is already a JSON object) keeps its own fields at the top level,
 * with {@code level} and {@code logger} added in front, so a collector can index {@code status} or {@code key}
 * directly.
 */
public final class JsonLineFormatter extends Formatter {

    /** A formatter. */
    public JsonLineFormatter() {
        // nothing to set up
    }

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        String level = record.getLevel().getName();
        boolean accessLine = LogSetup.ACCESS_LOGGER.equals(record.getLoggerName());
        if (accessLine && message.startsWith("{\"") && message.endsWith("}")) {
            return "{\"level\":\"" + level + "\",\"logger\":\"" + LogSetup.ACCESS_LOGGER + "\"," + message.substring(1)
                    + System.lineSeparator();
        }
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", level);
        line.put("logger", record.getLoggerName());
        line.put("message", message);
        line.put("thread", Thread.currentThread().getName());
        if (record.getThrown() != null) {
            line.put("exception", Traces.of(record.getThrown()));
        }
        return line + System.lineSeparator();
    }
}

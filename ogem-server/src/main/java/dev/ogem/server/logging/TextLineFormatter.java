package dev.ogem.server.logging;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line a record, for a person: {@code 2026-05-01T12:00:00.123Z INFO dev.ogem.server.Main message}, then
 * the exception with its stack trace, if any. Line breaks inside the message or the trace are written as
 * {@code \n}, so that a record never takes two lines and a log line can be neither split nor forged.
 */
public final class TextLineFormatter extends Formatter {

    private final InstantText time = new InstantText();

    /** A formatter. */
    public TextLineFormatter() {
        // nothing to set up
    }

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        StringBuilder line = new StringBuilder(48 + logger.length() + message.length()); // grown only by a trace
        time.appendTo(line, Instant.ofEpochMilli(record.getMillis()));
        line.append(' ').append(record.getLevel().getName()).append(' ').append(logger).append(' ');
        oneLine(line, message);
        if (record.getThrown() != null) {
            line.append(" | ");
            oneLine(line, Traces.of(record.getThrown()));
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static void oneLine(StringBuilder line, String text) {
        int clean = 0;
        while (clean < text.length() && !Character.isISOControl(text.charAt(clean))) {
            clean++;
        }
        if (clean == text.length()) {
            line.append(text); // the usual line: copied whole, not a character at a time
            return;
        }
        line.append(text, 0, clean);
        for (int i = clean; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
    }
}

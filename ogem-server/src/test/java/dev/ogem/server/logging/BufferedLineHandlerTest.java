package dev.ogem.server.logging;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferedLineHandlerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final BufferedLineHandler handler = new BufferedLineHandler(out, new TextLineFormatter(),
            Set.of("ogem.access"));

    @Test
    void anotherLoggersLineIsWrittenAtOnceWithTheAccessLinesBufferedBeforeIt() {
        handler.publish(record("ogem.access", Level.INFO, "first"));
        handler.publish(record("dev.ogem.server.Main", Level.INFO, "second"));

        String written = written();
        assertTrue(written.indexOf("first") >= 0 && written.indexOf("first") < written.indexOf("second"), written);
        assertEquals(2, written.lines().count(), written);
    }

    @Test
    void quieterLinesAreWrittenOutWithinABoundedTime() throws InterruptedException {
        handler.publish(record("ogem.access", Level.INFO, "access line"));
        for (int i = 0; i < 100 && !written().contains("access line"); i++) {
            Thread.sleep(50);
        }
        assertTrue(written().contains("access line"), "written out by the flusher within 5 s");
    }

    @Test
    void closingWritesOutWhatIsLeft() {
        handler.publish(record("ogem.access", Level.FINE, "last words"));
        handler.close();
        assertTrue(written().contains("last words"));
    }

    @Test
    void linesAreUtf8AndALineLargerThanTheBufferIsWrittenWhole() {
        String text = "caf\u00e9 \u2713 " + "x".repeat(100_000);
        handler.publish(record("dev.ogem.server.Main", Level.WARNING, text));

        String written = written();
        assertTrue(written.contains(text), "the whole line, decoded as UTF-8");
        assertEquals(1, written.lines().count());
    }

    @Test
    void recordsBelowTheHandlersLevelAreNotWritten() {
        handler.setLevel(Level.INFO);
        handler.publish(record("dev.ogem.server.Main", Level.FINE, "too fine"));
        handler.publish(record("dev.ogem.server.Main", Level.INFO, "kept"));

        assertTrue(written().contains("kept"));
        assertFalse(written().contains("too fine"));
    }

    private String written() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static LogRecord record(String logger, Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        return record;
    }
}

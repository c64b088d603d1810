package dev.ogem.server.config;

import dev.ogem.server.logging.JsonLineFormatter;
import dev.ogem.server.logging.TextLineFormatter;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code LOG_FORMAT} and {@code LOG_LEVEL}, and what the two formatters make of a record. */
class LogSettingsTest {

    @Test
    void defaultsAreTextAtInfo() {
        LogSettings settings = LogSettings.from(Map.of());
        assertFalse(settings.json());
        assertEquals(Level.INFO, settings.level());
        assertTrue(settings.overrides().isEmpty());
    }

    @Test
    void aLevelAndPerLoggerOverridesInEitherNaming() {
        LogSettings settings = LogSettings.from(Map.of("LOG_FORMAT", "JSON",
                "LOG_LEVEL", "warn, ogem.access=OFF, io.lettuce=debug"));
        assertTrue(settings.json());
        assertEquals(Level.WARNING, settings.level());
        assertEquals(Map.of("ogem.access", Level.OFF, "io.lettuce", Level.FINE), settings.overrides());
    }

    @Test
    void anUnknownFormatOrLevelNamesTheVariable() {
        assertEquals("LOG_FORMAT: must be text or json: \"xml\"",
                assertThrows(ConfigException.class, () -> LogSettings.from(Map.of("LOG_FORMAT", "xml"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> LogSettings.from(Map.of("LOG_LEVEL", "loud")))
                .getMessage().startsWith("LOG_LEVEL: not a level: \"loud\""));
    }

    @Test
    void aRecordWithLineBreaksAndATraceStaysOneLine() {
        LogRecord record = new LogRecord(Level.SEVERE, "first\nsecond");
        record.setLoggerName("dev.ogem.x");
        record.setThrown(new IllegalStateException("boom"));
        String text = new TextLineFormatter().format(record);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.matches("\\S+Z SEVERE dev\\.ogem\\.x .*\\R"), text);
        assertTrue(text.contains(" first\\nsecond | java.lang.IllegalStateException: boom\\n\\tat "), text);

        String json = new JsonLineFormatter().format(record);
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.contains("\"message\":\"first\\nsecond\"") && json.contains("\"exception\":\"java.lang"), json);
    }
}

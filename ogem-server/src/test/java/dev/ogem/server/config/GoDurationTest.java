package dev.ogem.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "300ms, 300000000",
            "10s, 10000000000",
            "1m, 60000000000",
            "1h, 3600000000000",
            "1h30m, 5400000000000",
            "1.5h, 5400000000000",
            "2h45m30s, 9930000000000",
            "0, 0",
            "0s, 0",
            "-0, 0",
            "+5s, 5000000000",
            "-1.5s, -1500000000",
            ".5s, 500000000",
            "1.s, 1000000000",
            "1500us, 1500000",
            "1500µs, 1500000",
            "1500μs, 1500000",
            "42ns, 42",
            "1.0000000015s, 1000000001",
            "2562047h47m16.854775807s, 9223372036854775807"
    })
    void parsesWhatGoAccepts(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10", "1.5", "s", ".s", "1x", "1 s", "1hh", "1h 30m", "1S", "1H", "-", "+",
            "1d", "abc", "1e3s", "0x10s", "--1s", "2562047h47m16.854775808s"})
    void rejectsEverythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @Test
    void namesTheMissingUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("90"));
        assertTrue(e.getMessage().contains("missing unit"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "30, 30000000000",
            "1.5, 1500000000",
            "' 45 ', 45000000000",
            "0.000000001, 1",
            "90s, 90000000000",
            "1m30s, 90000000000",
            "9223372036.854775807, 9223372036854775807"
    })
    void secondsOrAGoDuration(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parseOrSeconds(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1e3", "1.", ".5", "1,5", "30 s", "9223372037", "2d"})
    void neitherSecondsNorAGoDuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parseOrSeconds(text));
    }
}

package dev.ogem.server.logging;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InstantTextTest {

    private final InstantText text = new InstantText();

    @Property
    void writesWhatInstantToStringWrites(@ForAll @LongRange(min = -62_000_000_000L, max = 300_000_000_000L) long second,
                                         @ForAll @IntRange(max = 999_999_999) int nano) {
        Instant instant = Instant.ofEpochSecond(second, nano);
        assertEquals(instant.toString(), text.of(instant));
    }

    @Property
    void writesEveryPrecisionWithinOneKeptSecond(@ForAll @IntRange(max = 999) int millis,
                                                 @ForAll @IntRange(max = 999) int micros,
                                                 @ForAll @IntRange(max = 999) int nanos) {
        long second = 1_764_770_000L;
        for (Instant instant : new Instant[] {Instant.ofEpochSecond(second, millis * 1_000_000L),
                Instant.ofEpochSecond(second, millis * 1_000_000L + micros * 1_000L),
                Instant.ofEpochSecond(second, millis * 1_000_000L + micros * 1_000L + nanos)}) {
            assertEquals(instant.toString(), text.of(instant));
        }
    }

    @Test
    void aNewSecondReplacesTheKeptOneAndAnOldOneIsWrittenAgain() {
        Instant first = Instant.parse("2026-12-03T14:59:59.999Z");
        Instant next = Instant.parse("2026-12-03T15:00:00Z");
        assertEquals("2026-12-03T14:59:59.999Z", text.of(first));
        assertEquals("2026-12-03T15:00:00Z", text.of(next));
        assertEquals("2026-12-03T14:59:59.999Z", text.of(first));
        StringBuilder line = new StringBuilder("at ");
        text.appendTo(line, Instant.parse("2026-12-03T15:00:00.000250Z"));
        assertEquals("at 2026-12-03T15:00:00.000250Z", line.toString());
    }
}

package dev.ogem.server.logging;

import java.time.Instant;

/**
 * Instants written exactly as {@link Instant#toString()} writes them (ISO-8601 in UTC, the fraction of a second
 * in groups of three digits, as many as it needs), for log lines, which are written many times a second: the
 * date and time of day of the last whole second written are kept, so a line within the same second formats
 * only its fraction, and a new second is written by the JDK's formatter. Thread-safe; one instance per
 * line format.
 */
public final class InstantText {

    private static final int MILLI = 1_000_000;
    private static final int MICRO = 1_000;

    /** The last second written, without its {@code Z}; threads that race on a new second each write it. */
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    /** An instance with nothing kept yet. */
    public InstantText() {
        // the first instant written fills it
    }

    /**
     * The instant as text.
     *
     * @param instant the instant
     * @return what {@code instant.toString()} returns
     */
    public String of(Instant instant) {
        StringBuilder text = new StringBuilder(30);
        appendTo(text, instant);
        return text.toString();
    }

    /**
     * Appends the instant as text.
     *
     * @param text    where to append
     * @param instant the instant
     */
    public void appendTo(StringBuilder text, Instant instant) {
        Second second = last;
        if (second.epochSecond() != instant.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(instant.getEpochSecond()).toString();
            second = new Second(instant.getEpochSecond(), whole.substring(0, whole.length() - 1));
            last = second;
        }
        text.append(second.text());
        int nano = instant.getNano();
        if (nano != 0) {
            text.append('.');
            if (nano % MILLI == 0) {
                digits(text, nano / MILLI, 100);
            } else if (nano % MICRO == 0) {
                digits(text, nano / MICRO, 100_000);
            } else {
                digits(text, nano, 100_000_000);
            }
        }
        text.append('Z');
    }

    /** The digits of {@code value} from the {@code highest} unit down, with leading zeros. */
    private static void digits(StringBuilder text, int value, int highest) {
        for (int unit = highest; unit > 0; unit /= 10) {
            text.append((char) ('0' + value / unit % 10));
        }
    }

    private record Second(long epochSecond, String text) {
    }
}

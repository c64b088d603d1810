package dev.ogem.server.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Parses durations written the way Go's {@code time.ParseDuration} accepts them: a possibly signed
 * sequence of decimal numbers, each with an optional fraction and a unit suffix, such as {@code 300ms},
 * {@code 1.5h} or {@code 2h45m30s}. Units are {@code ns}, {@code us} ({@code µs}, {@code μs}), {@code ms},
 * {@code s}, {@code m} and {@code h}; the bare number {@code 0} needs no unit.
 */
public final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "µs", 1_000L, // U+00B5 micro sign
            "μs", 1_000L, // U+03BC Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses a Go duration.
     *
     * @param text the duration text, for example {@code 1h30m}
     * @return the duration (fractions of a nanosecond are truncated, as Go does)
     * @throws IllegalArgumentException when the text is not a valid Go duration or overflows
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            String whole = s.substring(start, i);
            String fraction = "";
            if (i < s.length() && s.charAt(i) == '.') {
                int fractionStart = ++i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                fraction = s.substring(fractionStart, i);
            }
            if (whole.isEmpty() && fraction.isEmpty()) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text
                        + "\" (use ns, us, ms, s, m or h)");
            }
            BigDecimal value = new BigDecimal((whole.isEmpty() ? "0" : whole) + "."
                    + (fraction.isEmpty() ? "0" : fraction));
            total = total.add(value.multiply(BigDecimal.valueOf(nanos)));
            if (total.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("duration \"" + text + "\" is too large");
            }
        }
        long nanos = total.setScale(0, RoundingMode.DOWN).longValueExact();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /**
     * Parses plain seconds ({@code 30}, {@code 1.5}) or a Go duration ({@code 90s}, {@code 1m30s}), the form of the
     * duration variables and of the {@code x-ogem-timeout} header.
     *
     * @param text the text; surrounding blanks are ignored
     * @return the duration
     * @throws IllegalArgumentException when it is neither, or too large
     */
    public static Duration parseOrSeconds(String text) {
        String trimmed = text.trim();
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            BigDecimal nanos = new BigDecimal(trimmed).multiply(BigDecimal.valueOf(1_000_000_000L));
            if (nanos.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("duration \"" + text + "\" is too large");
            }
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        }
        return parse(trimmed);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text
                + "\" (expected a Go duration such as 300ms, 10s, 1m, 1h30m or 0)");
    }
}

package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.server.config.GoDuration;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code x-ogem-timeout} request header: the request's deadline, in seconds ({@code 45}, {@code 1.5}) or
 * a Go duration ({@code 30s}, {@code 2m}), above zero and at most {@link #MAX} (one hour). Anything else is a
 * 400 naming the header: a deadline of days would let one request hold a connection, a reservation and a
 * stream that long.
 */
final class TimeoutHeader {

    static final HeaderName NAME = HeaderNames.create("x-ogem-timeout");
    /** The longest deadline a request may ask for. */
    static final Duration MAX = Duration.ofHours(1);

    private TimeoutHeader() {
    }

    static Optional<Duration> read(ServerRequest request) {
        return request.headers().first(NAME).map(TimeoutHeader::parse);
    }

    static Duration parse(String text) {
        Duration parsed;
        try {
            parsed = GoDuration.parseOrSeconds(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw refused();
        }
        if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(MAX) > 0) {
            throw refused();
        }
        return parsed;
    }

    private static CallerException refused() {
        return CallerException.invalid("The x-ogem-timeout header must be a number of seconds or a Go duration such"
                + " as 30s or 2m, above 0 and at most 1h.", "x-ogem-timeout");
    }
}

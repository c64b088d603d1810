package dev.ogem.quota.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: the one test clock of every module. It sits in this package,
 * the test-jar's own, so that the tests of other modules (compiled as JPMS modules) can see it.
 */
public final class FakeClock implements InstantSource {
    private final AtomicLong millis;

    /**
     * A clock standing at {@code start}.
     *
     * @param start the first instant
     */
    public FakeClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }
}

package dev.ogem.quota;

import java.time.Instant;
import java.util.Objects;

/**
 * An admitted request: it counts against its bucket until it leaves the 60-second window.
 * Hand it back to {@link StateStore#settle(Reservation, long)} or {@link StateStore#release(Reservation)}.
 *
 * @param id     unique id of this reservation
 * @param bucket the bucket it counts against
 * @param tokens the tokens reserved at admission
 * @param time   when it was admitted (the store's clock)
 */
public record Reservation(String id, Bucket bucket, long tokens, Instant time) {
    /**
     * Checks the components.
     */
    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(time, "time");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
    }
}

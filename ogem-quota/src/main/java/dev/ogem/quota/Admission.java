package dev.ogem.quota;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link StateStore#reserve(Bucket, Limits, long, List)}.
 */
public sealed interface Admission {

    /**
     * The request may go: its request and tokens are counted.
     *
     * @param reservation what to settle or release when the call is done
     */
    record Admitted(Reservation reservation) implements Admission {
        /**
         * Checks the reservation.
         */
        public Admitted {
            Objects.requireNonNull(reservation, "reservation");
        }
    }

    /**
     * The bucket is full now; nothing was counted.
     *
     * @param retryAfter how long until enough of the window frees up for this request (at least 1 ms)
     */
    record Refused(Duration retryAfter) implements Admission {
        /**
         * Checks the duration.
         */
        public Refused {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                throw new IllegalArgumentException("retryAfter must be positive: " + retryAfter);
            }
        }
    }

    /**
     * One of the keys the caller named still cools down; nothing was counted.
     *
     * @param key       the first of the named keys that cools down
     * @param remaining how long it still does (at least 1 ms)
     */
    record CoolingDown(String key, Duration remaining) implements Admission {
        /**
         * Checks the key and the duration.
         */
        public CoolingDown {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(remaining, "remaining");
            if (remaining.isNegative() || remaining.isZero()) {
                throw new IllegalArgumentException("remaining must be positive: " + remaining);
            }
        }
    }

    /**
     * The request alone needs more tokens than the bucket's tpm, so it can never be admitted.
     *
     * @param tokens the tokens the request asked for
     * @param tpm    the bucket's tokens-per-minute limit
     */
    record TooLarge(long tokens, long tpm) implements Admission {
    }
}

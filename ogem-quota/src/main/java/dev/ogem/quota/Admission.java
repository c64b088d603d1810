package dev.ogem.quota;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link StateStore#reserve(Bucket, Limits, long)}.
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
     * The request alone needs more tokens than the bucket's tpm, so it can never be admitted.
     *
     * @param tokens the tokens the request asked for
     * @param tpm    the bucket's tokens-per-minute limit
     */
    record TooLarge(long tokens, long tpm) implements Admission {
    }
}

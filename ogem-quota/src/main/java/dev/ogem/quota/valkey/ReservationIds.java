package dev.ogem.quota.valkey;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reservation ids unique across a fleet without a random draw per request: a random 64-bit prefix drawn
 * once per store (so instances, and an instance restarted, never share one) and a counter. Short, so
 * the window's log stores and compares fewer bytes than it would with a UUID each.
 */
final class ReservationIds {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    ReservationIds() {
        this.prefix = "v" + Long.toUnsignedString(new SecureRandom().nextLong(), 36) + ".";
    }

    /** The next id: {@code v<prefix>.<counter>}, both in base 36. */
    String next() {
        return prefix + Long.toString(next.incrementAndGet(), 36);
    }
}

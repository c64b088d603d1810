package dev.ogem.quota.memory;

import dev.ogem.quota.Records;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks of {@link Records}, shared by both modes so they reject the same calls the same way. */
public final class RecordChecks {
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");

    private RecordChecks() {
    }

    /**
     * Checks a namespace or set name.
     *
     * @param name the name
     * @return the name
     */
    public static String name(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a namespace or set name is 1 to 64 of a-z 0-9 . _ -: " + name);
        }
        return name;
    }

    /**
     * Checks an id or member.
     *
     * @param id the id
     * @return the id
     */
    public static String id(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > Records.MAX_ID_LENGTH) {
            throw new IllegalArgumentException("an id or member is 1 to " + Records.MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    /**
     * Checks a value and its time to live.
     *
     * @param value the bytes
     * @param ttl   the time to live
     */
    public static void value(byte[] value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() <= 0) {
            throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
        }
    }
}

package dev.ogem.server.access;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of a request ({@code x-request-id}): the caller's own when it is sane (1 to {@value #MAX_LENGTH}
 * characters of letters, digits and {@code . _ : @ = + / -}), so that one id follows a request through a
 * proxy chain; otherwise a fresh random (version 4) UUID. An id that is too long or holds anything else (spaces,
 * quotes, control characters) is replaced rather than echoed, so it cannot forge log lines or headers. The id
 * names a request and guards nothing, so its bits come from {@link ThreadLocalRandom}: {@link UUID#randomUUID()}
 * draws on the shared {@code SecureRandom} (a lock, a hash, and now and then a read of {@code /dev/urandom}).
 */
final class RequestId {

    static final int MAX_LENGTH = 128;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@=+/-]{1," + MAX_LENGTH + "}");

    private RequestId() {
    }

    /**
     * The id to use for a request.
     *
     * @param incoming the caller's {@code x-request-id}, if it sent one
     * @return the caller's id when sane, else a new one
     */
    static String of(Optional<String> incoming) {
        return incoming.map(String::trim).filter(id -> SAFE.matcher(id).matches())
                .orElseGet(RequestId::fresh);
    }

    private static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xC0L << 56) | 0x80L << 56; // the IETF variant
        return new UUID(high, low).toString();
    }
}

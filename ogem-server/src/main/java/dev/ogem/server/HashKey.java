package dev.ogem.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * {@code ogem --hash-key}: reads one client key from standard input (never from the arguments, so that it
 * stays out of shell history and process lists) and prints its SHA-256 as 64 hex digits, the value a key's
 * {@code sha256} takes in the config. Whitespace around the key (the newline {@code echo} adds) is ignored,
 * as it is in the {@code Authorization} header.
 */
final class HashKey {

    static final int MAX_BYTES = 64 * 1024;

    private HashKey() {
    }

    /**
     * Reads the key and prints its hash.
     *
     * @param in  where the key comes from
     * @param out where the hash goes
     * @param err where a problem is told
     * @return 0 when a hash was printed, 1 when there was no key
     */
    static int run(InputStream in, PrintStream out, PrintStream err) {
        String key;
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                err.println("ogem: the key on standard input is longer than " + MAX_BYTES + " bytes");
                return OgemCommand.FAILED;
            }
            key = new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            err.println("ogem: cannot read standard input: " + e.getMessage());
            return OgemCommand.FAILED;
        }
        if (key.isEmpty()) {
            err.println("ogem: no key on standard input; try: printf %s \"$KEY\" | ogem --hash-key");
            return OgemCommand.FAILED;
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            err.println("ogem: a key is one word; the input holds several lines or spaces");
            return OgemCommand.FAILED;
        }
        out.println(HexFormat.of().formatHex(ClientKeys.sha256(key)));
        return OgemCommand.OK;
    }
}

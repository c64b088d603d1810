package dev.ogem.providers.openai;

import java.nio.charset.StandardCharsets;

/**
 * One pass over a stream event's JSON that finds the member names a relay must react to, at any depth, with a
 * value other than {@code null}: {@code error} (parse and throw), {@code usage} (parse, for the settlement),
 * and any member that carries something for the client (the idle clock stops). Strings are walked with their
 * escapes, so text inside a value never counts as a name; a name found at some depth other than the one meant
 * is a false alarm that the parse which follows settles.
 */
final class ChunkKeys {

    /** The event may hold a non-null {@code error}. */
    static final int ERROR = 1;
    /** The event may hold a non-null {@code usage}. */
    static final int USAGE = 2;
    /** The event may carry something for the client. */
    static final int CARRIES = 4;

    /** The members of a chunk that carry something for the client; a chunk with none of them is empty. */
    private static final byte[][] CARRIED = names("content", "tool_calls", "finish_reason", "usage",
            "reasoning_content", "reasoning", "refusal", "function_call", "audio");
    private static final byte[] ERROR_NAME = "error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE_NAME = "usage".getBytes(StandardCharsets.US_ASCII);

    private ChunkKeys() {
    }

    /**
     * The names found.
     *
     * @param json one event's JSON, UTF-8
     * @return {@link #ERROR}, {@link #USAGE} and {@link #CARRIES} or-ed together
     */
    static int of(byte[] json) {
        int found = 0;
        int i = 0;
        while (i < json.length) {
            if (json[i] != '"') {
                i++;
                continue;
            }
            int end = stringEnd(json, i);
            if (end < 0) {
                return found;
            }
            int colon = space(json, end);
            if (colon < json.length && json[colon] == ':' && !isNull(json, space(json, colon + 1))) {
                found |= name(json, i + 1, end - 1);
            }
            i = end;
        }
        return found;
    }

    /** The flags of the name in {@code json[from, to)}. */
    private static int name(byte[] json, int from, int to) {
        int flags = 0;
        if (equal(json, from, to, ERROR_NAME)) {
            flags |= ERROR;
        } else if (equal(json, from, to, USAGE_NAME)) {
            flags |= USAGE;
        }
        for (byte[] carried : CARRIED) {
            if (equal(json, from, to, carried)) {
                return flags | CARRIES;
            }
        }
        return flags;
    }

    private static boolean equal(byte[] json, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (json[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Just past the closing quote of the string that opens at {@code quote}, or -1. */
    private static int stringEnd(byte[] json, int quote) {
        for (int i = quote + 1; i < json.length; i++) {
            if (json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int space(byte[] json, int i) {
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean isNull(byte[] json, int at) {
        return json.length - at >= 4 && json[at] == 'n' && json[at + 1] == 'u' && json[at + 2] == 'l'
                && json[at + 3] == 'l';
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            bytes[k] = names[k].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}

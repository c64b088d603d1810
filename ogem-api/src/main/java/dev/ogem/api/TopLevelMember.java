package dev.ogem.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Sets one member of a JSON object held as bytes, without parsing it into a tree: the top-level
 * members are walked (strings, nesting and escapes respected), the member's value is replaced where
 * the name is found, or the member is added at the end. Used on relayed stream chunks, which are
 * otherwise forwarded as received.
 */
final class TopLevelMember {

    private TopLevelMember() {
    }

    /**
     * The object with the member set.
     *
     * @param object a JSON object, UTF-8
     * @param name   the member's name, plain ASCII with nothing to escape
     * @param value  the member's value as JSON
     * @return the new bytes, or empty when {@code object} is not a well-formed object at the top level
     */
    static Optional<byte[]> set(byte[] object, String name, byte[] value) {
        int i = space(object, 0);
        if (i >= object.length || object[i] != '{') {
            return Optional.empty();
        }
        i = space(object, i + 1);
        boolean empty = i < object.length && object[i] == '}';
        while (!empty) {
            if (i >= object.length || object[i] != '"') {
                return Optional.empty();
            }
            int keyEnd = stringEnd(object, i);
            int colon = space(object, keyEnd);
            if (keyEnd < 0 || colon >= object.length || object[colon] != ':') {
                return Optional.empty();
            }
            int valueStart = space(object, colon + 1);
            int valueEnd = valueEnd(object, valueStart);
            if (valueEnd < 0) {
                return Optional.empty();
            }
            if (isKey(object, i, keyEnd, name)) {
                return Optional.of(splice(object, valueStart, valueEnd, value));
            }
            i = space(object, valueEnd);
            if (i < object.length && object[i] == '}') {
                break;
            }
            if (i >= object.length || object[i] != ',') {
                return Optional.empty();
            }
            i = space(object, i + 1);
        }
        byte[] member = ((empty ? "" : ",") + "\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
        return Optional.of(splice(object, i, i, concat(member, value)));
    }

    private static boolean isKey(byte[] bytes, int quote, int end, String name) {
        if (end - quote - 2 != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (bytes[quote + 1 + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Just past the closing quote of the string that opens at {@code quote}, or -1. */
    private static int stringEnd(byte[] bytes, int quote) {
        for (int i = quote + 1; i < bytes.length; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Just past the value that starts at {@code start}, or -1. */
    private static int valueEnd(byte[] bytes, int start) {
        if (start >= bytes.length) {
            return -1;
        }
        if (bytes[start] == '"') {
            return stringEnd(bytes, start);
        }
        int depth = 0;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                i = stringEnd(bytes, i);
                if (i < 0) {
                    return -1;
                }
                i--;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && (b == ',' || isSpace(b))) {
                return i;
            }
        }
        return -1;
    }

    private static int space(byte[] bytes, int i) {
        while (i >= 0 && i < bytes.length && isSpace(bytes[i])) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] out = Arrays.copyOf(bytes, bytes.length - (to - from) + insert.length);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(bytes, to, out, from + insert.length, bytes.length - to);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

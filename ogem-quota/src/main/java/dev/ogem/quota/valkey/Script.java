package dev.ogem.quota.valkey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script of this package: the shared prelude followed by the body from {@code <name>.lua},
 * with its SHA-1 for {@code EVALSHA}.
 */
record Script(String name, String source, String sha) {
    static final Script RESERVE = load("reserve");
    static final Script SETTLE = load("settle");
    static final Script COOLDOWN_SET = load("cooldown_set");
    static final Script COOLDOWN_GET = load("cooldown_get");
    static final Script USAGE = load("usage");
    static final Script UNRESERVE = load("unreserve");
    /** Every script, to load them all at once. */
    static final List<Script> ALL = List.of(RESERVE, SETTLE, COOLDOWN_SET, COOLDOWN_GET, USAGE, UNRESERVE);

    private static Script load(String name) {
        String source = read("prelude") + "\n" + read(name);
        return new Script(name, source, sha1(source));
    }

    private static String read(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name, e);
        }
    }

    private static String sha1(String source) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }
}

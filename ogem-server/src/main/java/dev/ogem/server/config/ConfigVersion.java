package dev.ogem.server.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Which config document was read last: the SHA-256 of its text, and for a URL the {@code ETag} and
 * {@code Last-Modified} its server sent. A reload asks the server for the document only if it changed, and skips
 * a document whose text is the one already seen (applied or refused), so one broken edit is reported once.
 *
 * @param digest       the SHA-256 of the text, in hex; empty for {@link #NONE}
 * @param etag         the server's entity tag, if it sent one
 * @param lastModified the server's {@code Last-Modified}, if it sent one
 */
public record ConfigVersion(String digest, Optional<String> etag, Optional<String> lastModified) {

    /** No document seen: the next read is taken whatever it holds. */
    public static final ConfigVersion NONE = new ConfigVersion("", Optional.empty(), Optional.empty());

    /** Checks for nulls. */
    public ConfigVersion {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    static ConfigVersion of(String content, Optional<String> etag, Optional<String> lastModified) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return new ConfigVersion(HexFormat.of().formatHex(hash), etag, lastModified);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether a document has the text of this one.
     *
     * @param other the other document's version
     * @return true when both texts have the same digest
     */
    public boolean sameText(ConfigVersion other) {
        return !digest.isEmpty() && digest.equals(other.digest);
    }

    /**
     * A short form of the digest, for logs and {@code /v1/status}.
     *
     * @return the first 12 hex digits, or {@code none}
     */
    public String shortDigest() {
        return digest.isEmpty() ? "none" : digest.substring(0, 12);
    }
}

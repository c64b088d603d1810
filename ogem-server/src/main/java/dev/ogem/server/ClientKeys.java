package dev.ogem.server;

import dev.ogem.quota.Limits;
import dev.ogem.server.config.ClientKey;
import dev.ogem.server.config.GatewayConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The keys a config accepts: {@code OPEN_GEMINI_API_KEY} (named {@value ClientKey#GATEWAY_KEY_NAME}) and the
 * {@code keys} section, each held as the SHA-256 of the key. A presented key is hashed and its digest compared
 * with every digest, each with {@link MessageDigest#isEqual} and without stopping at a match, so the time a
 * check takes does not depend on which key, if any, the presented one resembles.
 */
final class ClientKeys {

    /** A digest never used, only copied: the JDK's SHA-256 can be cloned. */
    private static final MessageDigest SHA_256 = newSha256();

    private final List<Caller> callers;
    private final List<byte[]> digests;

    private ClientKeys(List<Caller> callers, List<byte[]> digests) {
        this.callers = callers;
        this.digests = digests;
    }

    /**
     * The keys of a config.
     *
     * @param config the config
     * @return its keys
     */
    static ClientKeys of(GatewayConfig config) {
        List<Caller> callers = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        config.gatewayKey().ifPresent(key -> {
            callers.add(new Caller(ClientKey.GATEWAY_KEY_NAME, Limits.UNLIMITED, List.of()));
            digests.add(sha256(key));
        });
        for (ClientKey key : config.access().keys()) {
            callers.add(new Caller(key.name(), new Limits(key.rpm(), key.tpm()),
                    key.models().stream().map(Caller::pattern).toList()));
            digests.add(HexFormat.of().parseHex(key.sha256()));
        }
        return new ClientKeys(List.copyOf(callers), List.copyOf(digests));
    }

    /**
     * Whether no key is configured, so that the gateway is open.
     *
     * @return true without keys
     */
    boolean none() {
        return callers.isEmpty();
    }

    /**
     * The caller a presented key belongs to.
     *
     * @param presented the key from the {@code Authorization} header
     * @return the caller, or empty for a key that is not configured
     */
    Optional<Caller> match(String presented) {
        byte[] digest = sha256(presented);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digest, digests.get(i))) {
                found = i;
            }
        }
        return found < 0 ? Optional.empty() : Optional.of(callers.get(found));
    }

    /**
     * The SHA-256 of a key's UTF-8 bytes, as {@code ogem --hash-key} prints it (in hex).
     *
     * @param key the key
     * @return the digest
     */
    static byte[] sha256(String key) {
        return freshSha256().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of {@link #SHA_256} (a provider lookup per request costs ten times the hash), else a new one. */
    private static MessageDigest freshSha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

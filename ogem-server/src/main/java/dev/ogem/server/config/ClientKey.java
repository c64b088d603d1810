package dev.ogem.server.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named client key from the config's {@code keys} section: the SHA-256 of the key (never the key), its own
 * rpm/tpm across the fleet (0 for unlimited), and the models it may ask for (empty for all).
 *
 * @param name   the key's name, shown in the access log, the metrics and {@code /v1/status}
 * @param sha256 the SHA-256 of the key, 64 lowercase hex digits ({@code ogem --hash-key} prints it)
 * @param rpm    requests per minute for this key, 0 for unlimited
 * @param tpm    tokens per minute for this key, 0 for unlimited
 * @param models model patterns the key may use ({@code *} matches any text); empty for every model
 */
public record ClientKey(String name, String sha256, long rpm, long tpm, List<String> models) {

    /** The name the key of {@code OPEN_GEMINI_API_KEY} goes by; no key of the {@code keys} section may take it. */
    public static final String GATEWAY_KEY_NAME = "default";

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** Checks the fields. */
    public ClientKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (!HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
        }
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        models = List.copyOf(models);
    }
}

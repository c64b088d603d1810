package dev.ogem.quota;

import java.util.Objects;

/**
 * One rate-limit bucket: the provider, the region and the {@code rate_key} that models share.
 *
 * @param provider provider name as configured, e.g. {@code openai}
 * @param region   region name as configured, e.g. {@code us-central1}
 * @param rateKey  the model's {@code rate_key} (the model name unless the config says otherwise)
 */
public record Bucket(String provider, String region, String rateKey) {
    /**
     * Checks that no part is null or blank.
     */
    public Bucket {
        requireText(provider, "provider");
        requireText(region, "region");
        requireText(rateKey, "rateKey");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return provider + "/" + region + "/" + rateKey;
    }
}

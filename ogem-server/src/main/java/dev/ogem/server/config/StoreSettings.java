package dev.ogem.server.config;

import dev.ogem.quota.ValkeySettings;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared state lives: Valkey when an endpoint is configured, else this instance's memory.
 *
 * @param valkey           the Valkey to share with the fleet ({@code VALKEY_ENDPOINT} or YAML {@code valkey_endpoint},
 *                         with {@code VALKEY_MODE}, {@code VALKEY_SENTINEL_MASTER}, {@code VALKEY_USER},
 *                         {@code VALKEY_PASSWORD}, {@code VALKEY_TLS}, {@code VALKEY_DB}); empty means in memory
 * @param memoryCacheBytes the bound of the in-memory response cache ({@code CACHE_MAX_BYTES}, default 64 MiB,
 *                         less under a heap below 512 MiB): the cache itself in memory mode, the local fallback's
 *                         during a Valkey outage
 */
public record StoreSettings(Optional<ValkeySettings> valkey, long memoryCacheBytes) {

    /** Checks the components. */
    public StoreSettings {
        Objects.requireNonNull(valkey, "valkey");
        if (memoryCacheBytes < 0) {
            throw new IllegalArgumentException("memoryCacheBytes must not be negative: " + memoryCacheBytes);
        }
    }
}

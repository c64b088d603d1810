package dev.ogem.quota;

import java.util.Objects;

/**
 * Health of a {@link StateStore}, for health checks, status pages and metrics.
 *
 * @param mode      {@code memory} or {@code valkey}
 * @param degraded  {@code true} while a Valkey store serves from its local fallback
 * @param reason    why it is degraded (endpoint and error class, never a secret); empty when healthy
 * @param fallbacks how many operations the local fallback has served since the store was opened
 */
public record StoreStatus(String mode, boolean degraded, String reason, long fallbacks) {
    /**
     * Checks the components.
     */
    public StoreStatus {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
    }
}

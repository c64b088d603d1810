package dev.ogem.server.reload;

import java.time.Instant;
import java.util.Optional;

/**
 * What reloading has done, for {@code /v1/status} and the metrics.
 *
 * @param generation   the number of the generation in force (1 until a reload applied)
 * @param source       where the config in force came from, safe to show
 * @param digest       the first hex digits of the SHA-256 of its document
 * @param appliedAt    when the generation in force came into force
 * @param applied      reloads applied since start
 * @param refused      reloads refused since start
 * @param lastRefusal  the last refused reload, if any, and whether the config in force is newer than it
 */
public record ReloadStatus(long generation, String source, String digest, Instant appliedAt, long applied,
                           long refused, Optional<Refusal> lastRefusal) {

    /**
     * A refused reload.
     *
     * @param at      when
     * @param reason  the config path or variable and what is wrong (never a secret)
     * @param current whether it is still the latest word: no config was applied after it
     */
    public record Refusal(Instant at, String reason, boolean current) {
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.server.reload.ReloadStatus;

/**
 * The {@code config} member of {@code /v1/status}: {@code generation} (1 at start, one more per applied reload),
 * {@code source}, {@code sha256} (the first hex digits of the document's digest), {@code applied_at},
 * {@code reloads_applied}, {@code reloads_refused}, and {@code last_refused} ({@code null}, or {@code at},
 * {@code reason} naming the config path and what is wrong, and {@code current}: true while no config was applied
 * after it, so the document being served is not the one on disk).
 */
final class ReloadStatusJson {

    private ReloadStatusJson() {
    }

    static void write(ObjectNode node, ReloadStatus status) {
        node.put("generation", status.generation()).put("source", status.source()).put("sha256", status.digest())
                .put("applied_at", status.appliedAt().toString()).put("reloads_applied", status.applied())
                .put("reloads_refused", status.refused());
        status.lastRefusal().ifPresentOrElse(refusal -> node.putObject("last_refused")
                        .put("at", refusal.at().toString()).put("reason", refusal.reason())
                        .put("current", refusal.current()),
                () -> node.putNull("last_refused"));
    }
}

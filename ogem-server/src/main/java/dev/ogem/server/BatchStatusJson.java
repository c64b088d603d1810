package dev.ogem.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.batch.BatchStatus;

/**
 * The {@code batch} member of {@code /v1/status}: {@code queued}, {@code waiting}, {@code submitted},
 * {@code completed}, {@code failed}, the non-empty {@code queues} ({@code base_url}, {@code model},
 * {@code depth}, {@code bytes}, {@code since}) and the {@code batches} being polled ({@code id},
 * {@code base_url}, {@code model}, {@code requests}, {@code state}, {@code created}). No prompts, no keys.
 */
final class BatchStatusJson {

    private BatchStatusJson() {
    }

    static void write(ObjectNode node, BatchStatus status) {
        node.put("queued", status.queued()).put("waiting", status.waiting()).put("submitted", status.submitted())
                .put("completed", status.completed()).put("failed", status.failed());
        ArrayNode queues = node.putArray("queues");
        status.queues().forEach(q -> queues.addObject().put("base_url", q.baseUrl()).put("model", q.model())
                .put("depth", q.depth()).put("bytes", q.bytes()).put("since", q.since().toString()));
        ArrayNode batches = node.putArray("batches");
        status.batches().forEach(b -> batches.addObject().put("id", b.id()).put("base_url", b.baseUrl())
                .put("model", b.model()).put("requests", b.requests()).put("state", b.state())
                .put("created", b.created().toString()));
    }
}

package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;

import java.util.concurrent.CompletableFuture;

/**
 * The local wait for one request id, shared by every caller of this instance that sent it.
 */
final class Pending {
    private final String requestId;
    private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    private volatile String batchId = "";

    Pending(String requestId) {
        this.requestId = requestId;
    }

    String requestId() {
        return requestId;
    }

    CompletableFuture<ChatResponse> result() {
        return result;
    }

    /** The upstream batch, or the empty string while still queued. */
    String batchId() {
        return batchId;
    }

    void batchId(String id) {
        this.batchId = id;
    }
}

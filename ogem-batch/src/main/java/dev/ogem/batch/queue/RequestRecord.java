package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;

/** What the store says about one request id. */
sealed interface RequestRecord {

    /**
     * Part of an upstream batch that has not ended.
     *
     * @param batchId the batch
     */
    record Submitted(String batchId) implements RequestRecord {
    }

    /**
     * Answered; kept for the retention period.
     *
     * @param answer the answer
     */
    record Done(ChatResponse answer) implements RequestRecord {
    }

    /** Unknown, expired or failed: a request with this id starts over. */
    record Absent() implements RequestRecord {
    }
}

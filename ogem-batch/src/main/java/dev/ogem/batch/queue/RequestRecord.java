package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;

/** What the store says about one request id. */
sealed interface RequestRecord {

    /**
     * Part of a job that has not been collected.
     *
     * @param jobId the job
     */
    record Submitted(String jobId) implements RequestRecord {
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

package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.OgemException;

/** What one request of a batch came to: its answer, or its own error. */
sealed interface Outcome {

    /**
     * The request's chat completion.
     *
     * @param response the answer
     */
    record Answered(ChatResponse response) implements Outcome {
    }

    /**
     * The request's error (its line's error, or its whole batch's).
     *
     * @param error the error to give its callers
     */
    record Failed(OgemException error) implements Outcome {
    }
}

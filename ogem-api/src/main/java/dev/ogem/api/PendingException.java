package dev.ogem.api;

import java.io.Serial;

/**
 * No fault: the answer is not in yet (504, type {@code timeout_error}), and asking again later gets
 * it. Routing stops at it like at a caller error and never falls back to another endpoint, which
 * would send a second, full-price request.
 */
public final class PendingException extends OgemException {

    @Serial
    private static final long serialVersionUID = 1L;

    private PendingException(String code, String message) {
        super(504, "timeout_error", code, null, message, null, false);
    }

    /**
     * A {@code @batch} request whose answer is not in yet: the wait ran out while the job was still
     * queued or running. Rendered with code {@code batch_pending}; the message names the job. Sending
     * the same request again reattaches to the same job, or answers at once once it is done.
     *
     * @param requestId the job's request id (stable for the same body), such as {@code ogem-3f2a…}
     * @param batchId   the upstream batch id, or the empty string while the request is still queued
     * @return the error
     */
    public static PendingException batch(String requestId, String batchId) {
        String where = batchId.isEmpty() ? "is queued for the next batch" : "is in batch " + batchId;
        return new PendingException("batch_pending",
                "The batch request " + requestId + " " + where + " and has no answer yet."
                        + " Send the same request again to wait for it or to get its answer.");
    }
}

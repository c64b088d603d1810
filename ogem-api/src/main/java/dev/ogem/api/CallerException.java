package dev.ogem.api;

/**
 * The caller's request is at fault (400, 401, 404, 413): never retried, never the provider's fault.
 * One member is not a fault but an answer the caller must act on in the same way (stop, do not fall
 * back): {@link #batchPending(String, String)}, a {@code @batch} request still waiting for its job.
 */
public final class CallerException extends OgemException {

    private CallerException(int status, String type, String code, String param, String message) {
        super(status, type, code, param, message, null);
    }

    /**
     * A malformed or invalid request.
     *
     * @param message what is wrong
     * @param param   the field at fault, or {@code null} when it is the whole body
     * @return the error
     */
    public static CallerException invalid(String message, String param) {
        return new CallerException(400, "invalid_request_error", null, param, message);
    }

    /**
     * A request without valid credentials for ogem.
     *
     * @return the error
     */
    public static CallerException unauthorized() {
        return new CallerException(401, "invalid_request_error", "invalid_api_key",
                null, "Incorrect or missing API key. Send it as 'Authorization: Bearer <key>'.");
    }

    /**
     * A model string that names nothing configured.
     *
     * @param model the name as the caller wrote it
     * @return the error
     */
    public static CallerException modelNotFound(String model) {
        return new CallerException(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or is not configured on this gateway.");
    }

    /**
     * A body larger than the gateway accepts.
     *
     * @param limitBytes the limit
     * @return the error
     */
    public static CallerException tooLarge(long limitBytes) {
        return new CallerException(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the limit of " + limitBytes + " bytes.");
    }

    /**
     * A route or method that does not exist.
     *
     * @param what the method and path
     * @return the error
     */
    public static CallerException noSuchRoute(String what) {
        return new CallerException(404, "invalid_request_error", "unknown_url", null,
                "Unknown request URL: " + what + ".");
    }

    /**
     * A {@code @batch} request whose answer is not in yet: the wait ran out while the job was still
     * queued or running. Rendered as 504 with type {@code timeout_error} and code {@code batch_pending};
     * the message names the job. Sending the same request again reattaches to the same job, or
     * answers at once once it is done. It stops routing like a caller error does: falling back to
     * another model would send a second, full-price request.
     *
     * @param requestId the job's request id (stable for the same body), such as {@code ogem-3f2a…}
     * @param batchId   the upstream batch id, or the empty string while the request is still queued
     * @return the error
     */
    public static CallerException batchPending(String requestId, String batchId) {
        String where = batchId.isEmpty() ? "is queued for the next batch" : "is in batch " + batchId;
        return new CallerException(504, "timeout_error", "batch_pending", null,
                "The batch request " + requestId + " " + where + " and has no answer yet."
                        + " Send the same request again to wait for it or to get its answer.");
    }
}

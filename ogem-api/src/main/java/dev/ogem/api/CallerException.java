package dev.ogem.api;

import java.io.Serial;

/**
 * The caller's request is at fault (400, 401, 404, 408, 413): never retried, never the provider's fault.
 */
public final class CallerException extends OgemException {

    @Serial
    private static final long serialVersionUID = 1L;

    private CallerException(int status, String type, String code, String param, String message) {
        super(status, type, code, param, message, null, false);
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
     * A 403 for a model the caller's key may not use, as OpenAI answers a project without access to a model.
     *
     * @param model the model string asked for
     * @return the exception
     */
    public static CallerException modelNotAllowed(String model) {
        return new CallerException(403, "invalid_request_error", "model_not_allowed", "model",
                "This key may not use the model '" + model + "'.");
    }

    /**
     * A 403 for a browser's CORS preflight from an origin the gateway does not allow.
     *
     * @param origin the {@code Origin} header
     * @return the exception
     */
    public static CallerException originNotAllowed(String origin) {
        return new CallerException(403, "invalid_request_error", "origin_not_allowed", null,
                "The origin '" + origin + "' is not allowed to call this gateway (cors.allowed_origins).");
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
     * A request whose body did not arrive in time: the client sent nothing for too long, or too slowly.
     *
     * @param message what was too slow, and the limit
     * @return the error
     */
    public static CallerException requestTimeout(String message) {
        return new CallerException(408, "invalid_request_error", "request_timeout", null, message);
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
}

package dev.ogem.server.access;

import dev.ogem.api.OgemException;
import dev.ogem.api.Usage;
import dev.ogem.routing.AttemptListener;
import dev.ogem.routing.CacheOutcome;
import dev.ogem.routing.Route;
import io.helidon.webserver.http.ServerRequest;

import java.time.Instant;
import java.util.Optional;

/**
 * What the access log says about one request, filled in as the request goes: {@link AccessLog} opens it
 * (time, request id, method, path), authentication names the client key, the completion handler adds the
 * model asked, the endpoint that served, tokens, cache and time to first token, the router's attempt
 * listener counts attempts ({@link #current()}), and the error handler the error code. Only names, numbers
 * and codes go in; never a key, never prompt or answer text.
 *
 * <p>Written by the request's thread; read once, when the response has been sent.
 */
public final class AccessRecord {

    private static final ThreadLocal<AccessRecord> CURRENT = new ThreadLocal<>();
    private static final int MAX_TEXT = 200;

    private final Instant time;
    private final long startNanos;
    private final String requestId;
    private final String method;
    private final String path;
    private volatile Optional<String> key = Optional.empty();
    private volatile Optional<String> model = Optional.empty();
    private volatile boolean stream;
    private volatile Optional<Route> served = Optional.empty();
    private volatile Optional<CacheOutcome> cache = Optional.empty();
    private volatile Optional<String> error = Optional.empty();
    private volatile long firstChunkNanos = -1;
    private volatile Optional<Usage> usage = Optional.empty();
    private volatile int attempts;
    private volatile int fallbacks;

    AccessRecord(Instant time, long startNanos, String requestId, String method, String path) {
        this.time = time;
        this.startNanos = startNanos;
        this.requestId = requestId;
        this.method = method;
        this.path = bounded(path);
    }

    /**
     * The record of a request, or a detached one (logged nowhere) when no {@link AccessLog} opened one.
     *
     * @param request the request
     * @return its record
     */
    public static AccessRecord of(ServerRequest request) {
        return request.context().get(AccessRecord.class).orElseGet(() ->
                new AccessRecord(Instant.now(), System.nanoTime(), "", request.prologue().method().text(),
                        request.path().path()));
    }

    /**
     * The record of the request this thread is serving, for listeners that are not given the request.
     *
     * @return the record, or empty outside a request
     */
    public static Optional<AccessRecord> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    static void bind(AccessRecord record) {
        CURRENT.set(record);
    }

    static void unbind() {
        CURRENT.remove();
    }

    /**
     * Names the client key that authenticated the request.
     *
     * @param name the key's configured name, never the key
     */
    public void key(String name) {
        key = Optional.of(name);
    }

    /**
     * The client key's name, when one authenticated the request.
     *
     * @return the name
     */
    public Optional<String> key() {
        return key;
    }

    /**
     * The model string the caller asked for and whether it streams.
     *
     * @param asked     the model field as sent (a name, {@code provider/model} or a chain)
     * @param streaming whether the caller asked for a stream
     */
    public void asked(String asked, boolean streaming) {
        model = Optional.of(bounded(asked));
        stream = streaming;
    }

    /**
     * The endpoint that served the answer and what the cache did.
     *
     * @param route   provider, region and model served
     * @param outcome the cache outcome, empty for a request that was not cacheable
     */
    public void served(Route route, Optional<CacheOutcome> outcome) {
        served = Optional.of(route);
        cache = outcome;
    }

    /** Marks the moment the first chunk of a stream went to the client. */
    public void firstChunk() {
        if (firstChunkNanos < 0) {
            firstChunkNanos = System.nanoTime();
        }
    }

    /**
     * The tokens the answer used, as the upstream reported them.
     *
     * @param reported the usage
     */
    public void usage(Optional<Usage> reported) {
        reported.ifPresent(u -> usage = Optional.of(u));
    }

    /**
     * The error the request was answered with (also one that ended a stream mid-way).
     *
     * @param failure the error
     */
    public void failed(OgemException failure) {
        error = Optional.of(failure.code().orElse(failure.type()));
    }

    /**
     * Counts one endpoint the router tried: an upstream call, or one its quota refused; every outcome but
     * {@link AttemptListener#SUCCESS} means the router passed over that endpoint.
     *
     * @param outcome the outcome, as {@link AttemptListener} names it
     */
    public void attempted(String outcome) {
        if (!outcome.equals(AttemptListener.QUOTA_REFUSED)) {
            attempts++;
        }
        if (!outcome.equals(AttemptListener.SUCCESS)) {
            fallbacks++;
        }
    }

    Instant time() {
        return time;
    }

    long startNanos() {
        return startNanos;
    }

    String requestId() {
        return requestId;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    Optional<String> model() {
        return model;
    }

    boolean stream() {
        return stream;
    }

    Optional<Route> route() {
        return served;
    }

    Optional<CacheOutcome> cache() {
        return cache;
    }

    Optional<String> error() {
        return error;
    }

    long firstChunkNanos() {
        return firstChunkNanos;
    }

    Optional<Usage> tokens() {
        return usage;
    }

    int attempts() {
        return attempts;
    }

    int fallbacks() {
        return fallbacks;
    }

    private static String bounded(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}

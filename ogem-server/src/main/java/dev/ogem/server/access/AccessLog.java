package dev.ogem.server.access;

import dev.ogem.server.logging.LogSetup;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The first filter of the gateway: gives every request its id ({@link RequestId}, echoed in
 * {@code x-request-id}), opens its {@link AccessRecord} (in the request's context and bound to the serving
 * thread), and once the response is sent writes one line on the {@value #LOGGER} logger at INFO: the
 * record as one JSON object ({@link AccessLine}), without parameters, so that no formatter reads it as a
 * pattern. Health and metrics scrapes ({@code /observe/...}) are not logged. When the log is switched off,
 * ids are still given and echoed.
 */
public final class AccessLog implements Filter {

    /** The logger the lines go to, so that they can be routed or silenced on their own. */
    public static final String LOGGER = LogSetup.ACCESS_LOGGER;
    /** The request id header, read and echoed. */
    public static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");

    private static final Logger LOG = Logger.getLogger(LOGGER);

    private final BooleanSupplier enabled;
    private final InstantSource clock;

    private AccessLog(BooleanSupplier enabled, InstantSource clock) {
        this.enabled = enabled;
        this.clock = clock;
    }

    /**
     * The filter.
     *
     * @param enabled whether to write lines ({@code ACCESS_LOG}), asked per request so that a config reload
     *                turns it on or off; ids are given either way
     * @return the filter
     */
    public static AccessLog create(BooleanSupplier enabled) {
        return new AccessLog(enabled, InstantSource.system());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String id = RequestId.of(request.headers().first(REQUEST_ID));
        AccessRecord record = new AccessRecord(clock.instant(), System.nanoTime(), id,
                request.prologue().method().text(), request.path().path());
        request.context().register(record);
        response.header(REQUEST_ID, id);
        if (enabled.getAsBoolean() && !record.path().startsWith("/observe")) {
            response.whenSent(() -> write(record, response.status().code()));
        }
        AccessRecord.bind(record);
        try {
            chain.proceed();
        } finally {
            AccessRecord.unbind();
        }
    }

    private static void write(AccessRecord record, int status) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        LogRecord line = new LogRecord(Level.INFO, AccessLine.of(record, status, System.nanoTime()));
        line.setLoggerName(LOGGER);
        LOG.log(line);
    }
}

package dev.ogem.server.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The drain that SIGTERM starts, in order:
 * <ol>
 *   <li>readiness turns {@code DOWN} at once;</li>
 *   <li>after the delay ({@code SHUTDOWN_DELAY}) new requests are refused with 503 {@code shutting_down} and
 *       {@code Connection: close}, while the requests already running go on;</li>
 *   <li>the {@code @batch} queue is closed: what is queued is submitted upstream and recorded, and its waiting
 *       callers get {@code batch_pending} (to send again after the restart), so their requests end;</li>
 *   <li>requests and streams in flight get the rest of the grace to finish;</li>
 *   <li>then the listener closes and everything else (pings, watchers, the state store's connections), and the
 *       caller exits.</li>
 * </ol>
 * What has not finished when the grace ends is cut off, with a log line saying how many.
 */
public final class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

    private final Readiness readiness;
    private final InFlight inFlight;
    private final Duration delay;
    private final Duration grace;

    /**
     * A drain.
     *
     * @param readiness the readiness check to turn down
     * @param inFlight  the requests to wait for
     * @param delay     how long new requests are still served after readiness went down
     * @param grace     how long after SIGTERM requests in flight may take, the delay included
     */
    public GracefulShutdown(Readiness readiness, InFlight inFlight, Duration delay, Duration grace) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.delay = delay;
        this.grace = grace;
    }

    /**
     * What a drain stops, in the order it stops them.
     */
    public interface Steps {

        /** Submits the queued {@code @batch} requests and answers their waiting callers. */
        void flushBatches();

        /**
         * Closes the rest and the listener last: once Helidon's listener thread ends, nothing keeps the JVM up.
         */
        void closeTheRest();
    }

    /**
     * Runs the drain; returns when it is over.
     *
     * @param steps what to stop
     * @return the requests cut off because the grace ended first (0 for a clean drain)
     */
    public int run(Steps steps) {
        long start = System.nanoTime();
        readiness.drain();
        LOG.info(() -> "Shutting down: readiness is DOWN; " + inFlight.count() + " requests in flight; new requests"
                + " are refused in " + delay.toMillis() + " ms; requests have " + grace.toSeconds() + " s to finish");
        int left;
        try {
            Thread.sleep(delay);
            inFlight.refuseNew();
            steps.flushBatches();
            left = inFlight.awaitIdle(grace.minusNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            left = inFlight.count();
        }
        int cut = left;
        if (cut > 0) {
            LOG.warning(() -> "Shutdown grace of " + grace.toSeconds() + " s is over: cutting off " + cut
                    + " requests still in flight");
        }
        LOG.info(() -> "ogem drained after " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                + " ms; closing");
        steps.closeTheRest();
        return cut;
    }
}

package dev.ogem.server.lifecycle;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests being handled (a stream counts until its last event is written), so that a shutdown can
 * wait for them. While draining, every answer carries {@code Connection: close} and the connection is closed once
 * the answer is sent, so that a client's kept-alive connection does not bring it back to an instance that is going
 * away; once {@link #refuseNew()} was called, a new request (health and metrics aside) is answered 503
 * {@code shutting_down} at once, to be sent elsewhere, and its connection closed too. (Helidon 4.5 does not close a
 * connection for a {@code Connection: close} the application sets, so the filter asks for it; its listener stop cuts
 * the streams of open connections, so the listener itself closes only once they finished. ogem serves HTTP/1.1
 * only: no connection is an HTTP/2 one, which would need a {@code GOAWAY}.)
 */
public final class InFlight implements Filter {

    private static final byte[] SHUTTING_DOWN = ("{\"error\":{\"message\":\"The gateway is shutting down; send the"
            + " request again.\",\"type\":\"server_error\",\"param\":null,\"code\":\"shutting_down\"}}")
            .getBytes(StandardCharsets.UTF_8);

    private final Readiness readiness;
    private volatile boolean refusing;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int count;

    /**
     * A counter.
     *
     * @param readiness whether the instance is draining
     */
    public InFlight(Readiness readiness) {
        this.readiness = readiness;
    }

    /** From now on, new requests other than health and metrics are answered 503. */
    public void refuseNew() {
        refusing = true;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (refusing && !request.path().path().startsWith("/observe")) {
            response.status(Status.SERVICE_UNAVAILABLE_503).header(HeaderValues.CONNECTION_CLOSE)
                    .header(HeaderValues.CONTENT_TYPE_JSON).send(SHUTTING_DOWN);
            throw new CloseConnectionException("the gateway is shutting down");
        }
        boolean draining = readiness.draining();
        change(1);
        try {
            if (draining) {
                response.header(HeaderValues.CONNECTION_CLOSE);
            }
            chain.proceed();
        } finally {
            change(-1);
        }
        if (draining && response.isSent()) {
            throw new CloseConnectionException("the gateway is draining");
        }
    }

    private void change(int delta) {
        lock.lock();
        try {
            count += delta;
            if (count == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The requests being handled now.
     *
     * @return their number
     */
    public int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no request is being handled, or the time is up.
     *
     * @param limit the longest wait
     * @return the requests still in flight when the wait ended (0 when all finished)
     * @throws InterruptedException when interrupted
     */
    public int awaitIdle(Duration limit) throws InterruptedException {
        long left = limit.toNanos();
        lock.lock();
        try {
            while (count > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return count;
        } finally {
            lock.unlock();
        }
    }
}

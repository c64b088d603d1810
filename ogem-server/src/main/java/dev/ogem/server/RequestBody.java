package dev.ogem.server;

import dev.ogem.api.CallerException;
import dev.ogem.api.QuotaException;
import dev.ogem.server.config.ClientLimits;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a request body within its limits: at most {@link ClientLimits#maxBodyBytes()} (413), charged to the
 * request's {@link BodyBudget.Lease} before the bytes are held (a declared {@code Content-Length} at once, a
 * chunked body piece by piece; 429 when the budget is spent), and in time: a client that sends nothing for
 * {@link ClientLimits#readTimeout()} ({@link ReadWatchdog}), or trickles its body slower than
 * {@link ClientLimits#MIN_BODY_BYTES_PER_SECOND} once that long has passed, gets a 408 (or, when it sent nothing,
 * its connection closed). A client that leaves mid-body has its connection closed, quietly.
 */
final class RequestBody {

    private static final int PIECE = 64 * 1024;

    private final ClientLimits limits;

    RequestBody(ClientLimits limits) {
        this.limits = limits;
    }

    byte[] read(ServerRequest request, BodyBudget.Lease lease) {
        long declared = declaredLength(request);
        long max = limits.maxBodyBytes();
        if (declared > max) {
            throw CallerException.tooLarge(max);
        }
        lease.grow(declared >= 0 ? declared : PIECE);
        long start = System.nanoTime();
        ReadWatchdog.Watch watch = ReadWatchdog.watch(limits.readTimeout());
        try (watch; InputStream in = request.content().inputStream()) {
            byte[] body = new byte[(int) Math.min(declared >= 0 ? declared : PIECE, Integer.MAX_VALUE - 8)];
            int length = 0;
            while (true) {
                if (length == body.length) {
                    if (declared >= 0 || length > max) {
                        break;
                    }
                    long next = Math.min(max + 1, (long) length + Math.max(PIECE, length / 2));
                    lease.grow(next);
                    body = Arrays.copyOf(body, (int) next);
                }
                int n = in.read(body, length, body.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                watch.progressed();
                inTime(start, length);
            }
            if (length > max) {
                throw CallerException.tooLarge(max);
            }
            return length == body.length ? body : Arrays.copyOf(body, length);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CallerException || e instanceof QuotaException) {
                throw (RuntimeException) e;
            }
            if (watch.fired()) {
                // The watchdog closed the connection: nobody is left to answer.
                throw new CloseConnectionException("no request bytes for " + limits.readTimeout());
            }
            if (timedOut(e)) {
                throw CallerException.requestTimeout("The request body did not arrive: nothing came for "
                        + limits.readTimeout().toSeconds() + " s (CLIENT_READ_TIMEOUT).");
            }
            // The client closed the connection before its body ended: nobody is left to answer.
            throw new CloseConnectionException("the client left before its request body ended");
        }
    }

    private void inTime(long start, long received) {
        long allowedNanos = limits.readTimeout().toNanos()
                + received * 1_000_000_000L / ClientLimits.MIN_BODY_BYTES_PER_SECOND;
        if (System.nanoTime() - start > allowedNanos) {
            throw CallerException.requestTimeout("The request body arrived too slowly: after "
                    + limits.readTimeout().toSeconds() + " s it must come at "
                    + ClientLimits.MIN_BODY_BYTES_PER_SECOND / 1024 + " KiB/s at least.");
        }
    }

    private static long declaredLength(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.CONTENT_LENGTH);
        if (header.isEmpty()) {
            return -1;
        }
        try {
            long length = Long.parseLong(header.get().trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw CallerException.invalid("The Content-Length header is not a length.", null);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}

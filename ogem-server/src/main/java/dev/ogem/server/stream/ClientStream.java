package dev.ogem.server.stream;

import io.helidon.webserver.CloseConnectionException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The response body of a stream, as a relay writes it: a write, flush or close that fails means the client
 * closed its connection, an ordinary event rather than a failure of the gateway, and is thrown as
 * {@link Gone} for the relay to end the stream with one quiet line and the outcome {@code client_closed}.
 */
public final class ClientStream {

    private final OutputStream out;

    /**
     * A stream over a response body.
     *
     * @param out the response body
     */
    public ClientStream(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes bytes.
     *
     * @param bytes the bytes
     * @throws Gone when the client has left
     */
    public void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new Gone(e);
        }
    }

    /**
     * Sends what was written.
     *
     * @throws Gone when the client has left
     */
    public void flush() {
        try {
            out.flush();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new Gone(e);
        }
    }

    /**
     * Ends the response.
     *
     * @throws Gone when the client has left
     */
    public void close() {
        try {
            out.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new Gone(e);
        }
    }

    /** Ends the response of a client that has left, ignoring that nobody reads it. */
    public void closeQuietly() {
        try {
            out.close();
        } catch (IOException | RuntimeException alreadyGone) {
            // the connection is gone; there is nothing left to finish
        }
    }

    /** A write to the client failed: its connection is closed. */
    public static final class Gone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Gone(Exception cause) {
            super(null, cause, false, false);
        }

        /**
         * What the write failed with, for a log line.
         *
         * @return such as {@code IOException}
         */
        public String reason() {
            return getCause().getClass().getSimpleName();
        }
    }
}

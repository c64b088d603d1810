package dev.ogem.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on loopback that misbehaves on purpose, at the level of bytes on the socket: it can refuse to
 * send headers, reset the connection mid-body, stall, send only keep-alives, cut a stream short or send a
 * body without end. Every answer says {@code Connection: close}, so a connection is open only while an
 * exchange lasts; {@link #openConnections()} counts them, and a connection the gateway never hangs up on
 * within {@link #HANG_UP_BOUND} is counted by {@link #abandoned()}.
 */
final class FaultyUpstream implements AutoCloseable {

    /** The longest a stalling exchange waits for the gateway to hang up. */
    static final Duration HANG_UP_BOUND = Duration.ofSeconds(30);

    private final ServerSocket server;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Behaviour behaviour;

    /** What the upstream does with one request. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Exchange exchange) throws IOException;
    }

    private FaultyUpstream(Behaviour behaviour) {
        this.behaviour = behaviour;
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("faulty-upstream-accept").start(this::accept);
    }

    static FaultyUpstream start(Behaviour behaviour) {
        return new FaultyUpstream(behaviour);
    }

    /** A loopback URL where nothing listens: connections are refused. */
    static URI refusing() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI root() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    int openConnections() {
        return open.get();
    }

    int requests() {
        return requests.get();
    }

    int abandoned() {
        return abandoned.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.incrementAndGet();
                Thread.ofVirtual().name("faulty-upstream-exchange").start(() -> exchange(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void exchange(Socket socket) {
        try (socket) {
            Exchange exchange = new Exchange(socket, readRequest(socket.getInputStream()));
            requests.incrementAndGet();
            behaviour.serve(exchange);
            socket.getOutputStream().flush();
        } catch (IOException gone) {
            // the gateway hung up: what the faults expect
        } finally {
            open.decrementAndGet();
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        String lower = headers.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
            return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        if (lower.contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            while (true) {
                StringBuilder size = new StringBuilder();
                while ((b = in.read()) != '\n' && b != -1) {
                    size.append((char) b);
                }
                int length = Integer.parseInt(size.toString().trim(), 16);
                body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                in.readNBytes(2);
                if (length == 0) {
                    return headers + body;
                }
            }
        }
        return headers;
    }

    /** One request and the socket to answer it on. */
    final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        private final String request;

        private Exchange(Socket socket, String request) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.request = request;
        }

        /** The request line, headers and body as text. */
        String request() {
            return request;
        }

        /** A whole answer with its length. */
        void respond(int status, String body, Map<String, String> headers) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + bytes.length + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        }

        /** Status line and headers only; the body follows by {@link #raw}. */
        void head(int status, String headers) throws IOException {
            out.write(("HTTP/1.1 " + status + " Status\r\nConnection: close\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The head of an event stream, its body chunked. */
        void sseHead() throws IOException {
            head(200, "Content-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n");
        }

        /** One chunk of a chunked body. */
        void chunk(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The clean end of a chunked body. */
        void endChunks() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Bytes as they are. */
        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Resets the connection: the gateway's next read fails. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** Sends nothing more and waits until the gateway hangs up (or the bound passes: then it leaked it). */
        void awaitHangUp() throws IOException {
            socket.setSoTimeout((int) HANG_UP_BOUND.toMillis());
            try {
                while (socket.getInputStream().read() != -1) {
                    // a gateway sends nothing more on this connection; read until it closes
                }
            } catch (SocketTimeoutException e) {
                abandoned.incrementAndGet();
            }
        }

        /** Writes {@code text} every {@code period} until the gateway hangs up (or the bound passes). */
        void repeatUntilHangUp(String text, Duration period) throws IOException {
            long end = System.nanoTime() + HANG_UP_BOUND.toNanos();
            while (System.nanoTime() < end) {
                chunk(text);
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            abandoned.incrementAndGet();
        }
    }
}

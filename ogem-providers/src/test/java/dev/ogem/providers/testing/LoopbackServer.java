package dev.ogem.providers.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;

/**
 * The base of every fake server in the tests: a real HTTP server (the JDK's) on a free loopback port, one
 * virtual thread per exchange, stopped by {@link #close()}. A subclass answers every request in
 * {@link #handle}; the exchange is closed after it. Requests arrive once the subclass is constructed:
 * nobody knows the port before.
 */
public abstract class LoopbackServer implements AutoCloseable {

    private final HttpServer server;

    /** Binds a free loopback port and starts serving. */
    protected LoopbackServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /**
     * Answers one request.
     *
     * @param exchange the request and its response
     * @throws IOException when the client went away
     */
    protected abstract void handle(HttpExchange exchange) throws IOException;

    /**
     * The port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The server root, such as {@code http://127.0.0.1:PORT}.
     *
     * @return the root
     */
    public URI root() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * The base URL of an OpenAI-style API, such as {@code http://127.0.0.1:PORT/v1}.
     *
     * @return the base URL
     */
    public URI baseUrl() {
        return URI.create(root() + "/v1");
    }

    /**
     * The plain-http URL of a path.
     *
     * @param path such as {@code /cat.png}
     * @return the URL
     */
    public String url(String path) {
        return root() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Sends a whole response.
     *
     * @param exchange    the exchange
     * @param status      the status
     * @param contentType the {@code Content-Type}, or {@code null} for none
     * @param body        the body; empty for none
     * @throws IOException when the client went away
     */
    protected static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

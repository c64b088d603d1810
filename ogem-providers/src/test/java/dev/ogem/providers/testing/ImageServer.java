package dev.ogem.providers.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;

/**
 * A loopback HTTP server serving images for download tests: {@code /cat.png} (a 1×1 PNG),
 * {@code /page} (HTML) and {@code /big.png} (4 KiB of PNG-typed bytes).
 */
public final class ImageServer implements AutoCloseable {

    /** The bytes of {@code /cat.png}. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final HttpServer server;

    private ImageServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @return the running server
     */
    public static ImageServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/cat.png", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, PNG.length);
                exchange.getResponseBody().write(PNG);
                exchange.close();
            });
            server.createContext("/page", exchange -> {
                byte[] html = "<html></html>".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
                exchange.close();
            });
            server.createContext("/big.png", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, 0);
                try {
                    exchange.getResponseBody().write(new byte[4096]);
                } catch (IOException clientGone) {
                    // the fetcher stops reading at the cap
                }
                exchange.close();
            });
            server.start();
            return new ImageServer(server);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The plain-http URL of a path.
     *
     * @param path such as {@code /cat.png}
     * @return the URL
     */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.ogem.providers.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A loopback HTTP server serving images for download tests: {@code /cat.png} (a 1×1 PNG),
 * {@code /page} (HTML), {@code /big.png} (4 KiB of PNG-typed bytes), and PNG-typed bytes of any size:
 * {@code /sized.png?bytes=N} with its {@code Content-Length}, {@code /chunked.png?bytes=N} without one
 * (written from one small buffer, so that the server holds none of them).
 */
public final class ImageServer extends LoopbackServer {

    private static final byte[] ZEROS = new byte[64 * 1024];

    /** The bytes of {@code /cat.png}. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private ImageServer() {
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @return the running server
     */
    public static ImageServer start() {
        return new ImageServer();
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/cat.png" -> send(exchange, 200, "image/png", PNG);
            case "/page" -> send(exchange, 200, "text/html; charset=utf-8",
                    "<html></html>".getBytes(StandardCharsets.UTF_8));
            case "/big.png" -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, 0);
                try {
                    exchange.getResponseBody().write(new byte[4096]);
                } catch (IOException clientGone) {
                    // the fetcher stops reading at the cap
                }
            }
            case "/sized.png" -> sized(exchange, true);
            case "/chunked.png" -> sized(exchange, false);
            default -> send(exchange, 404, null, new byte[0]);
        }
    }

    private static void sized(HttpExchange exchange, boolean declared) throws IOException {
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        long bytes = Long.parseLong(query.substring(query.indexOf('=') + 1));
        exchange.getResponseHeaders().add("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, declared ? bytes : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (long left = bytes; left > 0; left -= ZEROS.length) {
                out.write(ZEROS, 0, (int) Math.min(ZEROS.length, left));
            }
        } catch (IOException clientGone) {
            // the fetcher stopped reading
        }
    }
}

package dev.ogem.providers.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A loopback HTTP server serving images for download tests: {@code /cat.png} (a 1×1 PNG),
 * {@code /page} (HTML) and {@code /big.png} (4 KiB of PNG-typed bytes).
 */
public final class ImageServer extends LoopbackServer {

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
            default -> send(exchange, 404, null, new byte[0]);
        }
    }
}

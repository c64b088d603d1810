package dev.ogem.providers.gemini;

import com.sun.net.httpserver.HttpServer;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image URLs downloaded for AI Studio, under the policy. */
class ImageFetcherTest {

    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final HttpServer server = start();

    private static HttpServer start() {
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
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aStudioRequestInlinesTheDownloadedImageWhenPrivateHostsAreAllowed() throws Exception {
        ChatRequest request = GeminiClientTest.request("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"%s"}}]}]}""".formatted(url("/cat.png")));
        var body = GeminiClients.requests(GeminiDialect.STUDIO, ImagePolicy.defaults(true)).build(request);
        assertEquals("image/png", body.at("/contents/0/parts/0/inlineData/mimeType").asText());
        assertArrayEquals(PNG, Base64.getDecoder().decode(body.at("/contents/0/parts/0/inlineData/data").asText()));
    }

    @Test
    void loopbackAndPrivateHostsAreRefusedByDefault() {
        ImageFetcher fetcher = new ImageFetcher(ImagePolicy.defaults(false));
        CallerException loopback = assertThrows(CallerException.class,
                () -> fetcher.fetch("https://127.0.0.1:" + server.getAddress().getPort() + "/cat.png", "p"));
        assertTrue(loopback.getMessage().contains("loopback"), loopback.getMessage());
        assertEquals(400, loopback.status());
        assertThrows(CallerException.class, () -> fetcher.fetch("https://localhost/cat.png", "p"));
        assertThrows(CallerException.class, () -> fetcher.fetch("https://169.254.169.254/latest/meta-data", "p"));
        assertThrows(CallerException.class, () -> fetcher.fetch("https://10.1.2.3/x.png", "p"));
        assertThrows(CallerException.class, () -> fetcher.fetch("https://[::1]/x.png", "p"));
        CallerException plain = assertThrows(CallerException.class, () -> fetcher.fetch(url("/cat.png"), "p"));
        assertTrue(plain.getMessage().contains("https"));
    }

    @Test
    void tooLargeAndWrongTypesAreRefused() {
        ImageFetcher small = new ImageFetcher(new ImagePolicy(1024, Duration.ofSeconds(5), ImagePolicy.GEMINI_IMAGE_TYPES, true));
        CallerException big = assertThrows(CallerException.class, () -> small.fetch(url("/big.png"), "p"));
        assertTrue(big.getMessage().contains("larger than 1024"), big.getMessage());
        CallerException html = assertThrows(CallerException.class, () -> small.fetch(url("/page"), "p"));
        assertTrue(html.getMessage().contains("text/html"), html.getMessage());
        ImageFetcher pngOnly = new ImageFetcher(new ImagePolicy(1024, Duration.ofSeconds(5), Set.of("image/jpeg"), true));
        assertThrows(CallerException.class, () -> pngOnly.fetch(url("/cat.png"), "p"));
        assertEquals("image/png", small.fetch(url("/cat.png"), "p").mimeType());
    }
}

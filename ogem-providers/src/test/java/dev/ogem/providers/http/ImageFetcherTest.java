package dev.ogem.providers.http;

import dev.ogem.api.CallerException;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image URLs downloaded for upstreams that take only inline images, under the policy. */
class ImageFetcherTest {

    private static final Set<String> PNG_AND_JPEG = Set.of("image/png", "image/jpeg");

    private final ImageServer server = ImageServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAllowedImageIsDownloadedWithItsType() {
        ImageFetcher.Image image = new ImageFetcher(ImagePolicy.defaults(PNG_AND_JPEG, true))
                .fetch(server.url("/cat.png"), "p");
        assertEquals("image/png", image.mimeType());
        assertArrayEquals(ImageServer.PNG, image.bytes());
    }

    @Test
    void loopbackAndPrivateHostsAreRefusedByDefault() {
        ImageFetcher fetcher = new ImageFetcher(ImagePolicy.defaults(PNG_AND_JPEG, false));
        CallerException loopback = assertThrows(CallerException.class,
                () -> fetcher.fetch("https://127.0.0.1:" + server.port() + "/cat.png", "p"));
        assertTrue(loopback.getMessage().contains("loopback"), loopback.getMessage());
        assertEquals(400, loopback.status());
        assertThrows(CallerException.class, () -> fetcher.fetch("https://localhost/cat.png", "p"));
        assertThrows(CallerException.class, () -> fetcher.fetch("https://169.254.169.254/latest/meta-data", "p"));
        assertThrows(CallerException.class, () -> fetcher.fetch("https://10.1.2.3/x.png", "p"));
        assertThrows(CallerException.class, () -> fetcher.fetch("https://[::1]/x.png", "p"));
        CallerException plain = assertThrows(CallerException.class, () -> fetcher.fetch(server.url("/cat.png"), "p"));
        assertTrue(plain.getMessage().contains("https"));
    }

    @Test
    void tooLargeAndWrongTypesAreRefused() {
        ImageFetcher small = new ImageFetcher(new ImagePolicy(1024, Duration.ofSeconds(5), PNG_AND_JPEG, true));
        CallerException big = assertThrows(CallerException.class, () -> small.fetch(server.url("/big.png"), "p"));
        assertTrue(big.getMessage().contains("larger than 1024"), big.getMessage());
        CallerException html = assertThrows(CallerException.class, () -> small.fetch(server.url("/page"), "p"));
        assertTrue(html.getMessage().contains("text/html"), html.getMessage());
        ImageFetcher jpegOnly = new ImageFetcher(new ImagePolicy(1024, Duration.ofSeconds(5), Set.of("image/jpeg"), true));
        assertThrows(CallerException.class, () -> jpegOnly.fetch(server.url("/cat.png"), "p"));
        assertEquals("image/png", small.fetch(server.url("/cat.png"), "p").mimeType());
    }
}

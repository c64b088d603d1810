package dev.ogem.providers.http;

import dev.ogem.api.CallerException;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.ProviderSettings;
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
        ImageFetcher.Image image = new ImageFetcher(ImagePolicy.defaults(PNG_AND_JPEG, true)).forRequest()
                .fetch(server.url("/cat.png"), "p");
        assertEquals("image/png", image.mimeType());
        assertArrayEquals(ImageServer.PNG, image.bytes());
    }

    @Test
    void loopbackAndPrivateHostsAreRefusedByDefault() {
        RequestImages fetcher = new ImageFetcher(ImagePolicy.defaults(PNG_AND_JPEG, false)).forRequest();
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
        RequestImages small = new ImageFetcher(policy(1024, 20, 1 << 20, PNG_AND_JPEG)).forRequest();
        CallerException big = assertThrows(CallerException.class, () -> small.fetch(server.url("/big.png"), "p"));
        assertTrue(big.getMessage().contains("larger than 1024"), big.getMessage());
        CallerException html = assertThrows(CallerException.class, () -> small.fetch(server.url("/page"), "p"));
        assertTrue(html.getMessage().contains("text/html"), html.getMessage());
        RequestImages jpegOnly = new ImageFetcher(policy(1024, 20, 1 << 20, Set.of("image/jpeg"))).forRequest();
        assertThrows(CallerException.class, () -> jpegOnly.fetch(server.url("/cat.png"), "p"));
        assertEquals("image/png", small.fetch(server.url("/cat.png"), "p").mimeType());
    }

    @Test
    void oneRequestDownloadsAtMostItsCountOfImages() {
        ImageFetcher fetcher = new ImageFetcher(policy(1 << 20, 2, 1 << 20, PNG_AND_JPEG));
        RequestImages request = fetcher.forRequest();
        request.fetch(server.url("/cat.png"), "messages[0].content[0].image_url");
        request.fetch(server.url("/cat.png"), "messages[0].content[1].image_url");
        CallerException third = assertThrows(CallerException.class,
                () -> request.fetch(server.url("/cat.png"), "messages[0].content[2].image_url"));
        assertEquals(400, third.status());
        assertEquals("messages[0].content[2].image_url", third.param().orElseThrow());
        assertTrue(third.getMessage().contains("at most 2 images"), third.getMessage());
        assertEquals("image/png", fetcher.forRequest().fetch(server.url("/cat.png"), "p").mimeType(),
                "the next request counts anew");
    }

    @Test
    void oneRequestDownloadsAtMostItsTotalOfBytes() {
        ImageFetcher fetcher = new ImageFetcher(policy(8192, 20, 6144, PNG_AND_JPEG));
        RequestImages request = fetcher.forRequest();
        assertEquals(4096, request.fetch(server.url("/big.png"), "a").bytes().length);
        CallerException total = assertThrows(CallerException.class, () -> request.fetch(server.url("/big.png"), "b"));
        assertEquals(400, total.status());
        assertEquals("b", total.param().orElseThrow());
        assertTrue(total.getMessage().contains("add up to more than 6144 bytes"), total.getMessage());
        assertEquals(4096, fetcher.forRequest().fetch(server.url("/big.png"), "c").bytes().length,
                "the next request counts anew");
    }

    @Test
    void theSettingsGiveThePerRequestLimits() {
        ImagePolicy policy = ImagePolicy.from(ProviderSettings.builder().limits(
                ProviderLimits.defaults().withImageFetches(3, 1000)).build(), PNG_AND_JPEG);
        assertEquals(3, policy.maxFetches());
        assertEquals(1000, policy.maxRequestBytes());
        assertEquals(20, ImagePolicy.defaults(PNG_AND_JPEG, false).maxFetches());
        assertEquals(24L * 1024 * 1024, ImagePolicy.defaults(PNG_AND_JPEG, false).maxRequestBytes());
    }

    private static ImagePolicy policy(long maxBytes, int maxFetches, long maxRequestBytes, Set<String> types) {
        return new ImagePolicy(maxBytes, maxFetches, maxRequestBytes, Duration.ofSeconds(5), types, true);
    }
}

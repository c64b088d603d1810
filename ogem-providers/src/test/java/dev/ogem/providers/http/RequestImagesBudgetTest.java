package dev.ogem.providers.http;

import dev.ogem.api.CallerException;
import dev.ogem.api.QuotaException;
import dev.ogem.providers.testing.CountingBudget;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The images of a request are held under the memory budget, at their base64 size, from the first byte until the
 * request's downloads are closed; past the budget the request is a 429 with {@code Retry-After}, not a 400.
 */
class RequestImagesBudgetTest {

    private static final ImagePolicy POLICY = new ImagePolicy(1 << 20, 20, 4 << 20, Duration.ofSeconds(5),
            Set.of("image/png"), true);

    private final ImageServer server = ImageServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDownloadIsHeldAtItsBase64SizeUntilTheRequestsDownloadsAreClosed() {
        CountingBudget budget = new CountingBudget(1 << 20);
        ImageFetcher fetcher = new ImageFetcher(POLICY, budget);
        try (RequestImages request = fetcher.forRequest()) {
            assertEquals(3000, request.fetch(server.url("/sized.png?bytes=3000"), "a").bytes().length);
            assertEquals(4000, budget.used(), "declared length, held at once");
            assertEquals(30_000, request.fetch(server.url("/chunked.png?bytes=30000"), "b").bytes().length);
            assertEquals(44_000, budget.used(), "both images, the second held as it arrived");
        }
        assertEquals(0, budget.used(), "given back");
        try (RequestImages request = fetcher.forRequest()) {
            assertEquals(0, budget.used(), "nothing is held before a download");
            assertThrows(CallerException.class, () -> request.fetch(server.url("/page"), "c"));
        }
        assertEquals(0, budget.used(), "a refused download holds nothing");
    }

    @Test
    void imagesPastTheBudgetAreA429AndWhatWasHeldIsGivenBack() {
        CountingBudget budget = new CountingBudget(100_000);
        ImageFetcher fetcher = new ImageFetcher(POLICY, budget);
        for (String path : new String[] {"/sized.png", "/chunked.png"}) {
            try (RequestImages first = fetcher.forRequest(); RequestImages second = fetcher.forRequest()) {
                first.fetch(server.url(path + "?bytes=60000"), "messages[0].content[0]");
                QuotaException refused = assertThrows(QuotaException.class,
                        () -> second.fetch(server.url(path + "?bytes=60000"), "messages[0].content[0]"));
                assertEquals(429, refused.status());
                assertTrue(refused.retryAfter().isPresent());
                assertTrue(budget.used() >= 80_000, "the first request's image is still held: " + budget.used());
            }
            assertEquals(0, budget.used(), path);
        }
        assertEquals(2, budget.refusals());
        try (RequestImages alone = fetcher.forRequest()) {
            assertEquals(60_000, alone.fetch(server.url("/sized.png?bytes=60000"), "p").bytes().length,
                    "served once the budget has room");
        }
    }

    @Test
    void theBase64SizeIsFourCharactersForEveryThreeBytesBegun() {
        assertEquals(0, RequestImages.base64Length(0));
        assertEquals(4, RequestImages.base64Length(1));
        assertEquals(4, RequestImages.base64Length(3));
        assertEquals(8, RequestImages.base64Length(4));
    }
}

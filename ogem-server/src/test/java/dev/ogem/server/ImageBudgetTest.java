package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The images ogem downloads for AI Studio are held under the same budget as request bodies
 * ({@code MAX_REQUEST_BYTES_IN_FLIGHT}): while one request's image is held (its upstream call running), a second
 * request whose image would take the budget past its bound is answered 429 with {@code Retry-After}, and served
 * once the first has finished. The image of a request is always allowed less than the largest body, so a request
 * alone is never refused for it.
 */
class ImageBudgetTest {

    private static final int MAX_BODY = 768 * 1024;
    private static final int IMAGE_BYTES = 500_000;
    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"A cat."}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5}}""";

    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private FakeUpstream studio;
    private ImageServer images;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        studio = FakeUpstream.start();
        images = ImageServer.start();
        studio.answer(r -> {
            if (calls.incrementAndGet() == 1) {
                firstArrived.countDown();
                await(releaseFirst);
            }
            return Reply.json(200, ANSWER);
        });
        gateway = TestGateway.start("""
                ping_interval: "0"
                retry_interval: "0"
                providers:
                  studio:
                    base_url: %s
                    regions: { studio: { models: [ gemini-2.5-flash ] } }
                """.formatted(studio.root()), Map.of("GENAI_STUDIO_API_KEY", "studio-key",
                "OGEM_IMAGE_FETCH_ALLOW_PRIVATE", "true", "MAX_REQUEST_BYTES", Integer.toString(MAX_BODY),
                "MAX_REQUEST_BYTES_IN_FLIGHT", Integer.toString(1024 * 1024)));
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        gateway.close();
        studio.close();
        images.close();
    }

    private String withImage(int bytes) {
        return """
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[
                  {"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"%s"}}]}]}"""
                .formatted(images.url("/sized.png?bytes=" + bytes));
    }

    @Test
    void aDownloadPastTheSharedBudgetIsA429UntilTheImagesHeldAreGivenBack() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> gateway.post("/v1/chat/completions", withImage(IMAGE_BYTES)));
        assertTrue(firstArrived.await(20, TimeUnit.SECONDS), "the first request reached the upstream");

        HttpResponse<String> second = gateway.post("/v1/chat/completions", withImage(IMAGE_BYTES));
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("1", second.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(second.body().contains("\"code\":\"rate_limit_exceeded\""), second.body());
        assertTrue(second.body().contains("MAX_REQUEST_BYTES_IN_FLIGHT"), second.body());
        assertEquals(1, calls.get(), "the refused request never reached the upstream");

        releaseFirst.countDown();
        assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
        HttpResponse<String> again = gateway.post("/v1/chat/completions", withImage(IMAGE_BYTES));
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("A cat."), again.body());
    }

    @Test
    void theImagesOfOneRequestMayAddUpToThreeQuartersOfTheLargestBody() {
        HttpResponse<String> tooMuch = gateway.post("/v1/chat/completions", withImage(MAX_BODY / 4 * 3 + 1));
        assertEquals(400, tooMuch.statusCode(), tooMuch.body());
        assertTrue(tooMuch.body().contains("more than " + MAX_BODY / 4 * 3 + " bytes"), tooMuch.body());
        releaseFirst.countDown();
        assertEquals(200, gateway.post("/v1/chat/completions", withImage(MAX_BODY / 4 * 3)).statusCode());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

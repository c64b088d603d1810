package dev.ogem.providers.gemini;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image URLs downloaded and inlined for AI Studio, which takes no image URLs; {@code gs://} and Google-hosted
 * URLs, which Vertex would read with the gateway's identity.
 */
class GeminiImagesTest {

    private final ImageServer server = ImageServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatRequest imageRequest() throws Exception {
        return GeminiClientTest.request("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"%s"}}]}]}""".formatted(server.url("/cat.png")));
    }

    @Test
    void aStudioRequestInlinesTheDownloadedImageWhenPrivateHostsAreAllowed() throws Exception {
        var body = GeminiClients.requests(GeminiDialect.STUDIO, ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, true),
                Set.of()).build(imageRequest());
        assertEquals("image/png", body.at("/contents/0/parts/0/inlineData/mimeType").asText());
        assertArrayEquals(ImageServer.PNG, Base64.getDecoder().decode(body.at("/contents/0/parts/0/inlineData/data").asText()));
    }

    @Test
    void aLoopbackImageIsTheCallersErrorByDefault() throws Exception {
        ChatRequest request = imageRequest();
        CallerException e = assertThrows(CallerException.class, () -> GeminiClients.requests(GeminiDialect.STUDIO,
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of()).build(request));
        assertEquals(400, e.status());
    }

    @Test
    void eachRequestDownloadsAtMostItsCountOfImages() throws Exception {
        ImagePolicy onePerRequest = new ImagePolicy(ImagePolicy.MAX_BYTES, 1, 1 << 20, ImagePolicy.TIMEOUT,
                GeminiClients.IMAGE_TYPES, true);
        GeminiRequests studio = GeminiClients.requests(GeminiDialect.STUDIO, onePerRequest, Set.of());
        studio.build(imageRequest());
        studio.build(imageRequest());
        String cat = server.url("/cat.png");
        CallerException e = assertThrows(CallerException.class, () -> studio.build(GeminiClientTest.request("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"%s"}},{"type":"image_url","image_url":{"url":"%s"}}]}]}"""
                .formatted(cat, cat))));
        assertEquals(400, e.status());
        assertEquals("messages[0].content[1].image_url", e.param().orElseThrow());
    }

    private static ChatRequest urlRequest(String url) throws Exception {
        return GeminiClientTest.request("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},
                  {"type":"image_url","image_url":{"url":"%s"}}]}]}""".formatted(url));
    }

    @Test
    void aGsUrlReachesVertexOnlyForABucketTheGatewayAllows() throws Exception {
        GeminiRequests vertex = GeminiClients.requests(GeminiDialect.VERTEX,
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of("team-images"));
        var body = vertex.build(urlRequest("gs://team-images/cats/tabby.png"));
        assertEquals("gs://team-images/cats/tabby.png", body.at("/contents/0/parts/1/fileData/fileUri").asText());
        assertEquals("image/png", body.at("/contents/0/parts/1/fileData/mimeType").asText());
        for (String url : List.of("gs://billing-exports/2026/01.png", "gs://team-images-other/x.png",
                "gs://team-images", "GS://billing-exports/x.png", "gs://team-images.evil/x.png")) {
            CallerException refused = assertThrows(CallerException.class, () -> vertex.build(urlRequest(url)), url);
            assertEquals(400, refused.status(), url);
            assertEquals("messages[0].content[1].image_url", refused.param().orElseThrow(), url);
        }
        CallerException none = assertThrows(CallerException.class, () -> GeminiClients.requests(GeminiDialect.VERTEX,
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of()).build(urlRequest("gs://team-images/a.png")));
        assertTrue(none.getMessage().contains("gateway's own identity"), none.getMessage());
    }

    @Test
    void aGsUrlIsAClearErrorOnAiStudio() throws Exception {
        CallerException e = assertThrows(CallerException.class, () -> GeminiClients.requests(GeminiDialect.STUDIO,
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false), Set.of("team-images"))
                .build(urlRequest("gs://team-images/a.png")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("AI Studio cannot read gs://"), e.getMessage());
    }

    @Test
    void aGoogleHostedHttpsUrlIsNeverPassedToVertexToFetch() throws Exception {
        for (String url : List.of("https://storage.googleapis.com/billing-exports/x.png",
                "https://billing-exports.storage.googleapis.com/x.png", "https://STORAGE.GOOGLEAPIS.COM./b/x.png",
                "https://storage.cloud.google.com/b/x.png", "https://lh3.googleusercontent.com/x.png")) {
            assertTrue(GeminiImages.googleHosted(url), url + " is downloaded by ogem, anonymously, never sent as fileData");
        }
        for (String url : List.of("https://example.com/cat.png", "https://googleapis.com.example.com/x.png",
                "https://notgoogle.com/x.png")) {
            assertFalse(GeminiImages.googleHosted(url), url);
        }
        var body = GeminiClients.requests(GeminiDialect.VERTEX, ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false),
                Set.of()).build(urlRequest("https://example.com/cat.png"));
        assertEquals("https://example.com/cat.png", body.at("/contents/0/parts/1/fileData/fileUri").asText(),
                "any other host is Vertex's to fetch, as before");
    }
}

package dev.ogem.providers.gemini;

import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Image URLs downloaded and inlined for AI Studio, which takes no image URLs. */
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
        var body = GeminiClients.requests(GeminiDialect.STUDIO, ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, true))
                .build(imageRequest());
        assertEquals("image/png", body.at("/contents/0/parts/0/inlineData/mimeType").asText());
        assertArrayEquals(ImageServer.PNG, Base64.getDecoder().decode(body.at("/contents/0/parts/0/inlineData/data").asText()));
    }

    @Test
    void aLoopbackImageIsTheCallersErrorByDefault() throws Exception {
        ChatRequest request = imageRequest();
        CallerException e = assertThrows(CallerException.class, () -> GeminiClients.requests(GeminiDialect.STUDIO,
                ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false)).build(request));
        assertEquals(400, e.status());
    }
}

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claude on Vertex AI: rawPredict with a bearer token, regional hosts, and images downloaded and inlined. */
class AnthropicVertexClientTest {

    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final ImagePolicy NO_PRIVATE_IMAGES = ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, false);
    private static final String ANSWER = """
            {"id":"msg_1","type":"message","role":"assistant","model":"%s","content":[{"type":"text","text":"hi"}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}""".formatted(MODEL);

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static ChatRequest request(String json) throws Exception {
        return OpenAiJson.read(json, ChatRequest.class);
    }

    private static ChatRequest hello(boolean stream) throws Exception {
        return request("""
                {"model":"%s","stream":%s,"max_tokens":50,"messages":[{"role":"user","content":"hello"}]}"""
                .formatted(MODEL, stream));
    }

    private LlmClient direct() {
        return AnthropicClients.direct(http, upstream.baseUrl(), Optional.of("sk-ant-test"));
    }

    private static Event event(String type, String json) {
        return new Event("event: " + type + "\ndata: " + json + "\n\n", new CountDownLatch(0), Duration.ZERO);
    }

    @Test
    void vertexPostsRawPredictWithoutModelAndWithBearerToken() throws Exception {
        upstream.answer(r -> r.path().endsWith(":streamRawPredict")
                ? Reply.sse(List.of(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_vrtx_1\"}}"),
                event("message_stop", "{\"type\":\"message_stop\"}")))
                : Reply.json(200, ANSWER.replace("msg_1", "msg_vrtx_1")));
        LlmClient vertex = AnthropicClients.vertex(http, Optional.of(upstream.baseUrl()), Optional.of("proj-1"),
                "us-east5", () -> Map.of("Authorization", "Bearer ya29.fake"), NO_PRIVATE_IMAGES);
        ChatRequest req = hello(false).withModel("claude-sonnet-4-5@20250929");
        assertEquals("msg_vrtx_1", vertex.complete(req).id());
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("/v1/projects/proj-1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
                sent.path());
        assertEquals("Bearer ya29.fake", sent.header("Authorization"));
        assertNull(sent.header("x-api-key"));
        JsonNode body = sent.json();
        assertFalse(body.has("model"));
        assertEquals("vertex-2023-10-16", body.path("anthropic_version").asText());

        try (ChunkStream stream = vertex.stream(hello(true).withModel("claude-sonnet-4-5@20250929"))) {
            assertEquals("msg_vrtx_1", stream.next().orElseThrow().chunk().id());
            assertTrue(stream.next().isEmpty());
        }
        assertTrue(upstream.last().path().endsWith("claude-sonnet-4-5@20250929:streamRawPredict"));
        assertTrue(upstream.last().json().path("stream").asBoolean());
    }

    @Test
    void vertexHostsFollowTheLocation() {
        Map<String, String> expected = Map.of(
                "us-east5", "https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/",
                "global", "https://aiplatform.googleapis.com/v1/projects/p/locations/global/",
                "us", "https://aiplatform.us.rep.googleapis.com/v1/projects/p/locations/us/",
                "eu", "https://aiplatform.eu.rep.googleapis.com/v1/projects/p/locations/eu/");
        expected.forEach((location, prefix) -> {
            URI uri = AnthropicTarget.Vertex.of(Optional.empty(), Optional.of("p"), location, Map::of)
                    .uri("claude-opus-4-1@20250805", false);
            assertEquals(prefix + "publishers/anthropic/models/claude-opus-4-1@20250805:rawPredict", uri.toString());
        });
    }

    @Test
    void vertexWithoutAProjectFailsTheCallNotTheStartup() throws Exception {
        LlmClient vertex = AnthropicClients.vertex(http, Optional.of(upstream.baseUrl()), Optional.empty(), "global",
                Map::of, NO_PRIVATE_IMAGES);
        assertEquals(ProviderException.Kind.AUTH,
                assertThrows(ProviderException.class, () -> vertex.complete(hello(false))).kind());
    }

    @Test
    void vertexInlinesADownloadedImageUrlAsBase64() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        try (ImageServer images = ImageServer.start()) {
            LlmClient vertex = AnthropicClients.vertex(http, Optional.of(upstream.baseUrl()), Optional.of("p"), "global",
                    Map::of, ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, true));
            vertex.complete(imageRequest(images.url("/cat.png")));
        }
        JsonNode source = upstream.last().json().at("/messages/0/content/0/source");
        assertEquals("base64", source.path("type").asText());
        assertEquals("image/png", source.path("media_type").asText());
        assertArrayEquals(ImageServer.PNG, Base64.getDecoder().decode(source.path("data").asText()));
    }

    @Test
    void vertexDownloadsAtMostTheRequestsCountOfImages() throws Exception {
        upstream.answer(r -> Reply.json(200, ANSWER));
        try (ImageServer images = ImageServer.start()) {
            ImagePolicy twoPerRequest = new ImagePolicy(ImagePolicy.MAX_BYTES, 2, 1 << 20, ImagePolicy.TIMEOUT,
                    AnthropicWire.IMAGE_TYPES, true);
            LlmClient vertex = AnthropicClients.vertex(http, Optional.of(upstream.baseUrl()), Optional.of("p"), "global",
                    Map::of, twoPerRequest);
            String cat = images.url("/cat.png");
            CallerException e = assertThrows(CallerException.class, () -> vertex.complete(imageRequest(cat, cat, cat)));
            assertEquals(400, e.status());
            assertEquals("messages[0].content.image_url.url", e.param().orElseThrow());
            assertTrue(upstream.received().isEmpty(), "refused before any upstream call");
            vertex.complete(imageRequest(cat, cat));
            vertex.complete(imageRequest(cat, cat));
            assertEquals(2, upstream.received().size(), "each request has its own count");
        }
    }

    @Test
    void vertexRefusesImageUrlsOnPrivateAddressesByDefault() throws Exception {
        try (ImageServer images = ImageServer.start()) {
            LlmClient vertex = AnthropicClients.vertex(http, Optional.of(upstream.baseUrl()), Optional.of("p"), "global",
                    Map::of, NO_PRIVATE_IMAGES);
            CallerException e = assertThrows(CallerException.class, () -> vertex.complete(
                    imageRequest("https://127.0.0.1:" + images.port() + "/cat.png")));
            assertEquals(400, e.status());
            assertEquals("messages[0].content.image_url.url", e.param().orElseThrow());
        }
        assertTrue(upstream.received().isEmpty());
    }

    private static ChatRequest imageRequest(String... urls) throws Exception {
        String parts = String.join(",", Arrays.stream(urls)
                .map(url -> "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}").toList());
        return request("""
                {"model":"claude-sonnet-4-5@20250929","max_tokens":50,"messages":[{"role":"user","content":[%s]}]}"""
                .formatted(parts));
    }
}

package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatChunk;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.Endpoint;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiClientTest {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static ChatRequest request(String json) throws Exception {
        return OpenAiJson.read(json, ChatRequest.class);
    }

    private OpenAiClient client(Optional<String> key) {
        return new OpenAiClient(http, upstream.baseUrl(), key);
    }

    @Test
    void sendsTheRequestWithUnknownFieldsAndBearerKey() throws Exception {
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", "hi")));
        ChatResponse response = client(Optional.of("sk-test")).complete(request("""
                {"model":"gpt-4o","messages":[{"role":"user","content":"hello","x_msg":1}],"x_top":{"a":[1]}}"""));
        assertEquals("hi", response.choices().getFirst().message().text());
        FakeUpstream.Recorded sent = upstream.last();
        assertEquals("POST", sent.method());
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Bearer sk-test", sent.header("Authorization"));
        JsonNode body = sent.json();
        assertEquals(1, body.at("/x_top/a/0").asInt());
        assertEquals(1, body.at("/messages/0/x_msg").asInt());
    }

    @Test
    void sendsNoAuthorizationWithoutKeyAndNeverDoublesThePath() throws Exception {
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "ok")));
        URI slashed = URI.create(upstream.baseUrl() + "/");
        new OpenAiClient(http, slashed, Optional.empty()).complete(request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}"""));
        assertEquals("/v1/chat/completions", upstream.last().path());
        assertNull(upstream.last().header("Authorization"));
    }

    @Test
    void classifiesErrorsByStatusAndCode() throws Exception {
        ChatRequest req = request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        upstream.answer(r -> Reply.json(429, OpenAiFixtures.error("slow down", "requests", "rate_limit_exceeded"))
                .withHeader("Retry-After", "7"));
        ProviderException limited = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
        assertEquals(ProviderException.Kind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());

        upstream.answer(r -> Reply.json(400, OpenAiFixtures.error("too long", "invalid_request_error",
                "context_length_exceeded")));
        assertEquals(ProviderException.Kind.CONTEXT_WINDOW_EXCEEDED,
                assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req)).kind());

        upstream.answer(r -> Reply.json(422, OpenAiFixtures.error("bad field", "invalid_request_error", "bad")));
        ProviderException rejected = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
        assertEquals(422, rejected.status());
        assertEquals("bad field", rejected.getMessage());
        assertFalse(rejected.retryable());

        upstream.answer(r -> Reply.json(401, OpenAiFixtures.error("Incorrect API key provided: sk-abc***xyz",
                "invalid_request_error", "invalid_api_key")));
        ProviderException auth = assertThrows(ProviderException.class, () -> client(Optional.of("sk-abc")).complete(req));
        assertFalse(auth.getMessage().contains("sk-"), "an upstream auth message may echo our key");

        upstream.answer(r -> Reply.json(503, "<html>down</html>"));
        ProviderException down = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
        assertEquals(ProviderException.Kind.OVERLOADED, down.kind());
        assertTrue(down.retryable());
    }

    @Test
    void anUpstreamWaitIsAtMostAnHourAndGarbageIsNoWait() throws Exception {
        ChatRequest req = request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        Map<String, Optional<Duration>> waits = Map.of("99999999999", Optional.of(Duration.ofHours(1)),
                "Fri, 31 Dec 9999 23:59:59 GMT", Optional.of(Duration.ofHours(1)), "Infinity", Optional.empty(),
                "NaN", Optional.empty(), "-5", Optional.empty(), "later", Optional.empty());
        waits.forEach((wait, expected) -> {
            upstream.answer(r -> Reply.json(429, OpenAiFixtures.error("slow down", "requests", "rate_limit_exceeded"))
                    .withHeader("Retry-After", wait));
            ProviderException limited = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
            assertEquals(ProviderException.Kind.RATE_LIMITED, limited.kind(), wait);
            assertEquals(expected, limited.retryAfter(), wait);
        });
    }

    @Test
    void aSuccessThatIsNoChatCompletionIsABadResponse() throws Exception {
        ChatRequest req = request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        String negative = OpenAiFixtures.completion("m", "hi").replace("\"prompt_tokens\":5", "\"prompt_tokens\":-5");
        for (String body : List.of("null", "[]", "\"hello\"", "42", "{}", "not json", "{\"choices\":[{\"index\":0}]}",
                OpenAiFixtures.error("quota", "insufficient_quota", "insufficient_quota"), negative)) {
            upstream.answer(r -> Reply.json(200, body));
            ProviderException e = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req), body);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind(), body);
            assertEquals(502, e.status(), body);
        }
        upstream.answer(r -> Reply.json(200, negative));
        ProviderException e = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void aStreamedUsageWithANegativeCountIsABadResponse() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("a")),
                Event.data("{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":-9,"
                        + "\"total_tokens\":-6}}"),
                Event.data("[DONE]"))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            stream.next().orElseThrow();
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
        }
    }

    @Test
    void refusedCredentialsAndAnUnknownModelAreTheGatewaysFaultAndRetryable() throws Exception {
        Endpoint endpoint = new Endpoint(new ProviderSpec("local-llm",
                ProviderKind.CUSTOM, Optional.empty(), Optional.empty(), List.of()),
                new RegionSpec("local-llm", List.of()));
        OpenAiClient client = new OpenAiClient(http, upstream.baseUrl(), Optional.of("sk-abc"), endpoint, (e, m, w) -> { });
        ChatRequest req = request("""
                {"model":"qwen-7b","messages":[{"role":"user","content":"x"}]}""");
        for (int status : new int[] {401, 403}) {
            upstream.answer(r -> Reply.json(status, OpenAiFixtures.error("Incorrect API key provided: sk-abc***",
                    "invalid_request_error", "invalid_api_key")));
            ProviderException auth = assertThrows(ProviderException.class, () -> client.complete(req));
            assertEquals(ProviderException.Kind.AUTH, auth.kind());
            assertTrue(auth.retryable(), "another endpoint may have working credentials");
            assertEquals(502, auth.status(), "not the caller's 401: its own key was fine");
            assertEquals("api_error", auth.type());
            assertEquals(Optional.of("upstream_auth_failed"), auth.code());
            assertTrue(auth.getMessage().contains("'local-llm'") && auth.getMessage().contains("HTTP " + status),
                    auth.getMessage());
            assertFalse(auth.getMessage().contains("sk-"), auth.getMessage());
        }
        upstream.answer(r -> Reply.json(404, OpenAiFixtures.error("The model `qwen-7b` does not exist", "invalid_request_error",
                "model_not_found")));
        ProviderException unknown = assertThrows(ProviderException.class, () -> client.complete(req));
        assertEquals(ProviderException.Kind.NOT_FOUND, unknown.kind());
        assertTrue(unknown.retryable());
        assertEquals(502, unknown.status());
        assertEquals("api_error", unknown.type());
        assertEquals(Optional.of("upstream_model_not_found"), unknown.code());
        assertTrue(unknown.getMessage().contains("'local-llm'") && unknown.getMessage().contains("'qwen-7b'"),
                unknown.getMessage());
        upstream.answer(r -> Reply.json(404, "<html>no such path</html>"));
        assertEquals(ProviderException.Kind.NOT_FOUND, assertThrows(ProviderException.class, () -> client.stream(req)).kind(),
                "a wrong base URL too");
    }

    @Test
    void connectionRefusedAndSilenceAreRetryable() throws Exception {
        ChatRequest req = request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "late")).delayed(Duration.ofSeconds(5)));
        ProviderException slow = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
        assertEquals(ProviderException.Kind.TIMEOUT, slow.kind());
        upstream.close();
        ProviderException gone = assertThrows(ProviderException.class, () -> client(Optional.empty()).complete(req));
        assertEquals(ProviderException.Kind.UNREACHABLE, gone.kind());
    }

    @Test
    void streamsEachChunkBeforeTheNextIsSent() throws Exception {
        CountDownLatch firstReceived = new CountDownLatch(1);
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("Hel")),
                Event.data(OpenAiFixtures.chunk("lo")).after(firstReceived),
                Event.data(OpenAiFixtures.finish("stop")),
                Event.data("[DONE]"))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            ChatChunk first = stream.next().orElseThrow().chunk();
            assertEquals("Hel", first.choices().getFirst().delta().content().orElseThrow());
            assertFalse(stream.hasBuffered(), "the next event is not sent yet");
            firstReceived.countDown();
            assertEquals("lo", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertEquals("stop", stream.next().orElseThrow().chunk().choices().getFirst().finishReason().orElseThrow());
            assertTrue(stream.next().isEmpty());
        }
    }

    @Test
    void eventsThatArrivedTogetherAreInHandTogether() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("Hel")),
                Event.data(OpenAiFixtures.chunk("lo")),
                Event.data(OpenAiFixtures.finish("stop")),
                Event.data("[DONE]"))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            assertEquals("Hel", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            for (int i = 0; i < 500 && !stream.hasBuffered(); i++) {
                Thread.sleep(10);
            }
            assertTrue(stream.hasBuffered(), "the events sent with the first are in hand, so a relay writes them at"
                    + " once (each came in an HTTP chunk of its own)");
            assertEquals("lo", stream.next().orElseThrow().chunk().choices().getFirst().delta().content().orElseThrow());
            assertTrue(stream.hasBuffered());
            assertEquals("stop", stream.next().orElseThrow().chunk().choices().getFirst().finishReason().orElseThrow());
            assertTrue(stream.next().isEmpty());
        }
    }

    @Test
    void eventsAreRelayedAsTheBytesReceived() throws Exception {
        String odd = "{ \"id\" : \"c\", \"created\":1, \"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\u00e9\\\"usage\\\":1\"}}],"
                + "\"usage\": null, \"x_vendor\":{\"keep\":[1, 2]} }";
        upstream.answer(r -> Reply.sse(List.of(Event.data(odd),
                new Event("data: {\"id\":\"d\",\ndata: \"choices\":[]}\n\n", new CountDownLatch(0), Duration.ZERO),
                Event.data("[DONE]"))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            StreamChunk first = stream.next().orElseThrow();
            assertEquals(odd, new String(first.json(), StandardCharsets.UTF_8), "spacing, order, escapes and"
                    + " unknown fields as sent");
            assertFalse(first.mayCarry("usage"), "a null usage and text that reads \"usage\" are no usage");
            assertEquals("é\"usage\":1", first.chunk().choices().getFirst().delta().content().orElseThrow());
            StreamChunk split = stream.next().orElseThrow();
            assertEquals("{\"id\":\"d\", \"choices\":[]}", new String(split.json(), StandardCharsets.UTF_8),
                    "data on two lines is relayed on one");
            assertTrue(stream.next().isEmpty());
        }
    }

    @Test
    void plainAnswersLeaveTheConnectionForTheNextRequest() throws Exception {
        // the answer's bytes are read by their Content-Length; the client must still see the body's end, or
        // it drops the connection and every request pays a new one
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "ok")));
        OpenAiClient client = client(Optional.empty());
        ChatRequest request = request("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        for (int i = 0; i < 3; i++) {
            assertEquals("ok", client.complete(request).choices().getFirst().message().text());
        }
        List<Integer> ports = upstream.received().stream().map(FakeUpstream.Recorded::clientPort).toList();
        assertEquals(3, ports.size());
        assertEquals(1, ports.stream().distinct().count(), "one connection for three answers: " + ports);
    }

    @Test
    void aStreamReadToItsEndLeavesTheConnectionForTheNextRequest() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("a")), Event.data("[DONE]"))));
        OpenAiClient client = client(Optional.empty());
        ChatRequest request = request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}""");
        for (int i = 0; i < 3; i++) {
            try (ChunkStream stream = client.stream(request)) {
                while (stream.next().isPresent()) {
                    // read to [DONE]
                }
            }
        }
        List<Integer> ports = upstream.received().stream().map(FakeUpstream.Recorded::clientPort).toList();
        assertEquals(3, ports.size());
        assertEquals(1, ports.stream().distinct().count(), "one connection for three streams: " + ports);
    }

    @Test
    void anErrorEventMidStreamIsThrown() throws Exception {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("a")),
                Event.data(OpenAiFixtures.error("boom", "server_error", "server_error")))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            stream.next();
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals("boom", e.getMessage());
        }
    }

    @Test
    void anErrorEventWithFieldsThatDoNotFitAChunkIsStillTheUpstreamError() throws Exception {
        String error = OpenAiFixtures.error("boom", "server_error", "server_error");
        upstream.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("a")),
                Event.data("{\"choices\":\"none\"," + error.substring(error.indexOf('{') + 1)))));
        try (ChunkStream stream = client(Optional.empty()).stream(request("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""))) {
            stream.next();
            ProviderException e = assertThrows(ProviderException.class, stream::next);
            assertEquals("boom", e.getMessage());
        }
    }

    @Test
    void exhaustedRateLimitHeadersOnASuccessAreReported() throws Exception {
        List<String> heard = new ArrayList<>();
        Endpoint endpoint = new Endpoint(new ProviderSpec("openai",
                ProviderKind.OPENAI, Optional.empty(), Optional.empty(), List.of()),
                new RegionSpec("openai", List.of()));
        OpenAiClient client = new OpenAiClient(http, upstream.baseUrl(), Optional.empty(), endpoint,
                (e, model, wait) -> heard.add(e.label() + " " + model + " " + wait));
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", "hi"))
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "2s"));
        client.complete(request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(List.of("openai/openai gpt-4o PT2S"), heard);
    }
}

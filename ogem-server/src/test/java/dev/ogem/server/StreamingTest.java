package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingTest {

    private static final String STREAM_REQUEST = """
            {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
    /** Pinned to the first endpoint: routing would otherwise pick either by measured latency. */
    private static final String FIRST_ONLY = STREAM_REQUEST.replace("\"gpt-4o\"", "\"first/gpt-4o\"");

    private FakeUpstream primary;
    private FakeUpstream secondary;
    private TestGateway gateway;

    /** A gateway per test: an upstream that refuses the gateway's key leaves its endpoint out for a while. */
    @BeforeEach
    void start() {
        primary = FakeUpstream.start();
        secondary = FakeUpstream.start();
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  first:
                    base_url: %s
                    protocol: openai
                    regions: { first: { models: [ { name: gpt-4o } ] } }
                  second:
                    base_url: %s
                    protocol: openai
                    regions: { second: { models: [ { name: gpt-4o } ] } }
                """.formatted(primary.baseUrl(), secondary.baseUrl()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        primary.close();
        secondary.close();
    }

    private HttpRequest streamRequest() {
        return streamRequest(FIRST_ONLY);
    }

    private HttpRequest streamRequest(String body) {
        return HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void eachChunkReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        CountDownLatch clientHasFirst = new CountDownLatch(1);
        primary.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("Hel")),
                Event.data(OpenAiFixtures.chunk("lo")).after(clientHasFirst),
                Event.data(OpenAiFixtures.finish("stop")),
                Event.data("[DONE]"))));
        HttpResponse<Stream<String>> response = gateway.http().send(streamRequest(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> events = new ArrayList<>();
        long start = System.nanoTime();
        response.body().filter(line -> !line.isEmpty()).forEach(line -> {
            events.add(line);
            if (events.size() == 1) {
                clientHasFirst.countDown();
            }
        });
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(9).toNanos(),
                "the second chunk waited for the latch: the first was held back");
        assertEquals(4, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("data: {") && events.get(0).contains("\"Hel\""));
        assertTrue(events.get(1).contains("\"lo\""));
        assertEquals("data: [DONE]", events.get(3));
        assertTrue(primary.last().json().get("stream").asBoolean());
    }

    @Test
    void aStreamFallsBackWhenItsFirstEndpointFailsBeforeAnyByte() throws Exception {
        primary.answer(r -> Reply.json(502, OpenAiFixtures.error("bad gateway", "server_error", "bad_gateway")));
        secondary.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("second")), Event.data("[DONE]"))));
        HttpResponse<String> response = gateway.http().send(streamRequest(STREAM_REQUEST),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"second\""), response.body());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
    }

    @Test
    void anEndpointThatRefusesTheGatewaysKeyOrModelIsFallenBackFrom() throws Exception {
        for (int status : new int[] {401, 403, 404}) {
            primary.answer(r -> Reply.json(status, OpenAiFixtures.error("no", "invalid_request_error", "invalid_api_key")));
            secondary.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("second")), Event.data("[DONE]"))));
            HttpResponse<String> response = gateway.http().send(streamRequest(STREAM_REQUEST),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "HTTP " + status + ": " + response.body());
            assertTrue(response.body().contains("\"second\""), response.body());
        }
    }

    @Test
    void anUpstreamErrorMidStreamBecomesAnErrorEventBeforeDone() throws Exception {
        primary.answer(r -> Reply.sse(List.of(
                Event.data(OpenAiFixtures.chunk("partial")),
                Event.data(OpenAiFixtures.error("upstream broke", "server_error", "server_error")))));
        HttpResponse<String> response = gateway.http().send(streamRequest(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        String[] events = response.body().split("\n\n");
        assertTrue(events[0].contains("partial"));
        assertTrue(events[1].startsWith("data: {\"error\":"), response.body());
        assertTrue(events[1].contains("upstream broke"));
        assertEquals("data: [DONE]", events[2]);
    }

    @Test
    void aFailureBeforeTheFirstChunkEverywhereIsAPlainJsonError() throws Exception {
        primary.answer(r -> Reply.json(401, OpenAiFixtures.error("Incorrect API key provided: sk-x", "invalid_request_error",
                "invalid_api_key")));
        HttpResponse<String> response = gateway.http().send(streamRequest(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, response.statusCode(), "the upstream refused the gateway's key, not the client's");
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(response.body().contains("\"upstream_auth_failed\""), response.body());
        assertTrue(!response.body().contains("sk-x"), response.body());
    }

    @Test
    void aClientThatDisconnectsMidStreamClosesTheUpstreamConnection() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        List<Event> events = new ArrayList<>();
        events.add(Event.data(OpenAiFixtures.chunk("first")));
        events.add(Event.data(OpenAiFixtures.chunk("after-close")).after(clientGone));
        for (int i = 0; i < 200; i++) {
            events.add(Event.data(OpenAiFixtures.chunk("more-" + i)).delayed(Duration.ofMillis(10)));
        }
        primary.answer(r -> Reply.sse(events));
        try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
            byte[] body = FIRST_ONLY.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestGateway.KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.contains("first")) {
                // skip the status line, headers and chunk sizes until the first event
            }
            assertTrue(line != null && line.contains("first"));
        }
        clientGone.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!primary.sawClientClose() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(primary.sawClientClose(), "the upstream never saw its connection closed");
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** An upstream whose streams wait for a latch, and helpers for the config reload tests. */
final class ReloadFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReloadFixture() {
    }

    /**
     * Answers plain requests with the model's name, and streams with a first chunk at once and the rest only once
     * the latch is released (each event waits at most 10 s for it, so three gated events hold the stream up to 30 s).
     */
    static void slowStreams(FakeUpstream upstream, CountDownLatch release) {
        upstream.answer(r -> r.json().path("stream").asBoolean()
                ? Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("first")),
                        Event.data(OpenAiFixtures.chunk("still")).after(release),
                        Event.data(OpenAiFixtures.chunk("going")).after(release),
                        Event.data(OpenAiFixtures.chunk("last")).after(release),
                        Event.data(OpenAiFixtures.finish("stop")), Event.data("[DONE]")))
                : Reply.json(200, OpenAiFixtures.completion(r.json().path("model").asText(), "served")));
    }

    /** The config of one OpenAI-protocol provider {@code local} with the given models. */
    static String config(FakeUpstream upstream, String models) {
        return """
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ %s ] } }
                """.formatted(upstream.baseUrl(), models);
    }

    static String ask(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** Opens a stream and returns once its headers (sent after the first chunk) have arrived. */
    static HttpResponse<InputStream> openStream(TestGateway gateway, String model) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(ask(model, true))).build();
        return gateway.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    static String readAll(HttpResponse<InputStream> stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            return reader.lines().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits, polling every 50 ms for at most 20 s, until the condition holds; returns whether it did. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        return eventually(Duration.ofSeconds(20), condition);
    }

    /** Waits, polling every 50 ms for at most the limit, until the condition holds; returns whether it did. */
    static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeBatchApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @batch} end to end: callers (the OpenAI SDK and plain HTTP) through ogem to a fake OpenAI Files +
 * Batches server, with a short flush window from {@code BATCH_FLUSH_INTERVAL}.
 */
class BatchEndToEndTest {

    private FakeBatchApi upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        upstream = FakeBatchApi.start();
        // rpm 1: @batch requests skip admission, so more than one per minute must pass
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions:
                      openai:
                        models:
                          - name: gpt-4o@batch
                            other_names: [cheap@batch]
                            rpm: 1
                """.formatted(upstream.baseUrl()), Map.of("OPENAI_API_KEY", "sk-batch",
                "BATCH_FLUSH_INTERVAL", "300ms", "BATCH_POLL_INTERVAL", "50ms"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    @Test
    void concurrentCallersWithADuplicateEachGetTheirOwnAnswerFromOneBatch() throws Exception {
        List<String> prompts = List.of("first", "second", "third", "second", "fourth");
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString())
                .apiKey(TestGateway.KEY).maxRetries(0).build();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = prompts.stream().map(p -> callers.submit(() -> sdk.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model("gpt-4o@batch").addUserMessage(p).build())
                    .choices().getFirst().message().content().orElseThrow())).toList();
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals("echo:gpt-4o:" + prompts.get(i), answers.get(i).get());
            }
        } finally {
            sdk.close();
        }
        assertEquals(1, upstream.created().size(), "one flush window, one batch");
        assertEquals(4, upstream.created().getFirst().lines().size(), "the duplicate shares a line");
        upstream.created().getFirst().lines().forEach(line -> assertEquals("gpt-4o", line.at("/body/model").asText()));
        assertTrue(upstream.calls().stream().noneMatch(c -> c.path().contains("/v1/v1")
                || c.path().contains("chat/completions")), upstream.calls().toString());
        assertTrue(upstream.calls().stream().allMatch(c -> c.authorization().equals("Bearer sk-batch")));
        assertEquals(List.of(), upstream.violations());
    }

    @Test
    void anAliasAnswersWithTheRouteHeaders() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", ask("cheap@batch", "alias"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("echo:gpt-4o:alias", json(response).at("/choices/0/message/content").asText());
        assertEquals("openai", response.headers().firstValue("x-ogem-provider").orElseThrow());
        assertEquals("gpt-4o", response.headers().firstValue("x-ogem-model").orElseThrow());
    }

    @Test
    void aShortTimeoutIsBatchPendingAndTheResendGetsTheAnswerOfTheSameJob() throws InterruptedException {
        upstream.hold(true);
        HttpResponse<String> pending = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("Content-Type", "application/json")
                .header("x-ogem-timeout", "1s")
                .POST(HttpRequest.BodyPublishers.ofString(ask("gpt-4o@batch", "slow"))).build());
        assertEquals(504, pending.statusCode(), pending.body());
        assertEquals("batch_pending", json(pending).at("/error/code").asText());

        JsonNode status = json(gateway.get("/v1/status")).get("batch");
        assertEquals(1, status.get("submitted").asInt(), status.toString());
        assertEquals("in_progress", status.at("/batches/0/state").asText(), status.toString());
        assertEquals("gpt-4o", status.at("/batches/0/model").asText());
        assertEquals(upstream.baseUrl().toString(), status.at("/batches/0/base_url").asText());

        upstream.hold(false);
        HttpResponse<String> resent = gateway.post("/v1/chat/completions", ask("gpt-4o@batch", "slow"));
        assertEquals(200, resent.statusCode(), resent.body());
        assertEquals("echo:gpt-4o:slow", json(resent).at("/choices/0/message/content").asText());
        assertEquals(1, upstream.created().size(), "the resend reattached to the job");

        // the caller is answered first; the job then leaves the list of batches to poll
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        status = json(gateway.get("/v1/status")).get("batch");
        while (status.get("batches").size() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = json(gateway.get("/v1/status")).get("batch");
        }
        assertEquals(1, status.get("completed").asInt(), status.toString());
        assertEquals(0, status.get("queued").asInt());
        assertEquals(0, status.get("batches").size(), "nothing left to poll");
    }

    @Test
    void aRequestQueuedAtShutdownIsSentUpstreamAndItsCallerToldToSendItAgain() throws Exception {
        gateway.close();
        upstream.hold(true);
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions: { openai: { models: [ gpt-4o@batch ] } }
                """.formatted(upstream.baseUrl()), Map.of("OPENAI_API_KEY", "sk-batch",
                "BATCH_FLUSH_INTERVAL", "1h", "BATCH_POLL_INTERVAL", "50ms"));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> caller = callers.submit(() -> gateway.post("/v1/chat/completions",
                    ask("gpt-4o@batch", "at shutdown")));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (json(gateway.get("/v1/status")).at("/batch/queued").asInt() != 1) {
                assertTrue(System.nanoTime() < deadline, "the request was not queued");
                Thread.sleep(20);
            }
            gateway.close();
            gateway = null;
            HttpResponse<String> pending = caller.get();
            assertEquals(504, pending.statusCode(), pending.body());
            assertEquals("batch_pending", json(pending).at("/error/code").asText());
            assertEquals(1, upstream.created().size(), "sent upstream before the gateway stopped");
            assertTrue(json(pending).at("/error/message").asText().contains(upstream.created().getFirst().id()),
                    pending.body());
        }
    }

    @Test
    void aBatchStreamIsABadRequest() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o@batch\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("stream", json(response).at("/error/param").asText());
        assertTrue(json(response).at("/error/message").asText().contains("@batch"));
        assertEquals(List.of(), upstream.calls());
    }

    private static String ask(String model, String prompt) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return OpenAiJson.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }
}

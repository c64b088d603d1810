package dev.ogem.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain answer from an OpenAI-protocol upstream reaches the client as the bytes the upstream sent: its key
 * order, spacing, number forms and fields ogem does not model, with only {@code system_fingerprint} set to
 * ogem's; and its usage is still counted, and a cache hit gives the same bytes again.
 */
class AnswerPassThroughTest {

    private static final String SENT = """
            {
              "x_upstream_only" : { "tier" : "scale", "weights" : [ 2.50, 1.0E-4 ] },
              "usage" : { "total_tokens" : 21, "completion_tokens" : 9, "prompt_tokens" : 12 },
              "choices" : [ {
                "message" : { "content" : "as sent", "role" : "assistant", "refusal" : null },
                "logprobs" : null, "finish_reason" : "stop", "index" : 0
              } ],
              "system_fingerprint" : "fp_upstream",
              "model" : "gpt-4o-2024-08-06", "created" : 1700000000, "object" : "chat.completion",
              "id" : "chatcmpl-pass"
            }
            """;
    private static final String STAMPED = SENT.replace("\"fp_upstream\"", "\"open-gemini/openai/openai/gpt-4o\"");

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        upstream.answer(r -> Reply.json(200, SENT));
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions: { openai: { models: [ gpt-4o ] } }
                """.formatted(upstream.baseUrl()), Map.of("OPENAI_API_KEY", "sk-upstream"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void theBytesPassUntouchedButForTheFingerprint() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"relay me"}]}""");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(STAMPED, response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void aCacheHitGivesTheSameBytesAndNoSecondCall() {
        String cacheable = """
                {"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"cache these bytes"}]}""";
        int before = upstream.received().size();
        HttpResponse<String> miss = gateway.post("/v1/chat/completions", cacheable);
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", cacheable);
        assertEquals("miss", miss.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals("hit", hit.headers().firstValue("x-ogem-cache").orElseThrow());
        assertEquals(STAMPED, miss.body());
        assertEquals(STAMPED, hit.body());
        assertEquals(before + 1, upstream.received().size());
    }

    @Test
    void theUsageInTheBytesIsCounted() {
        String scrape = scrape();
        double prompt = tokens(scrape, "prompt");
        double completion = tokens(scrape, "completion");
        assertEquals(200, gateway.post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"count me"}]}""").statusCode());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (tokens(scrape(), "completion") < completion + 9 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        String after = scrape();
        assertEquals(prompt + 12, tokens(after, "prompt"), after);
        assertEquals(completion + 9, tokens(after, "completion"), after);
    }

    @Test
    void theSdkReadsThePassedAnswer() {
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString())
                .apiKey(TestGateway.KEY).maxRetries(0).build();
        try {
            ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o").addUserMessage("Say it as sent").build());
            assertEquals("as sent", completion.choices().getFirst().message().content().orElseThrow());
            assertEquals("open-gemini/openai/openai/gpt-4o", completion.systemFingerprint().orElseThrow());
            assertEquals(21, completion.usage().orElseThrow().totalTokens());
            assertEquals("gpt-4o-2024-08-06", completion.model());
            assertTrue(completion._additionalProperties().containsKey("x_upstream_only"));
        } finally {
            sdk.close();
        }
    }

    private static String scrape() {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/metrics")).GET().build()).body();
    }

    private static double tokens(String scrape, String type) {
        return scrape.contains("ogem_tokens_total{") && scrape.contains("type=\"" + type + "\"")
                ? MetricsTest.value(scrape, "ogem_tokens_total", "key", "default", "type", type) : 0;
    }
}

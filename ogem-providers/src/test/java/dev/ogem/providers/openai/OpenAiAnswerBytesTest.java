package dev.ogem.providers.openai;

import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.Usage;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain answer of an OpenAI-protocol upstream comes back as the bytes it sent, over real HTTP. */
class OpenAiAnswerBytesTest {

    private static final String SENT = """
            {
              "usage" : { "completion_tokens" : 9, "prompt_tokens" : 12, "total_tokens" : 21 },
              "choices" : [ { "index" : 0, "logprobs" : null, "finish_reason" : "length",
                "message" : { "role" : "assistant", "content" : "bytes", "x_msg" : 2.50 } } ],
              "x_upstream" : { "kept" : [ 1, 2 ] },
              "id" : "chatcmpl-b", "object" : "chat.completion", "created" : 1700000000, "model" : "gpt-4o-2024-08-06"
            }
            """;

    private final FakeUpstream upstream = FakeUpstream.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private final OpenAiClient client = new OpenAiClient(http, upstream.baseUrl(), Optional.empty());

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static ChatRequest request() throws Exception {
        return OpenAiJson.read("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                ChatRequest.class);
    }

    @Test
    void theAnswerIsTheUpstreamsBytesWithTheirUsage() throws Exception {
        upstream.answer(r -> Reply.json(200, SENT));
        ChatAnswer answer = client.answer(request());
        assertTrue(answer.isReceived());
        assertEquals(SENT, new String(answer.json(), StandardCharsets.UTF_8));
        Usage usage = answer.usage().orElseThrow();
        assertEquals(List.of(12L, 9L, 21L), List.of(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
        assertEquals(Optional.of("length"), answer.response().choices().getFirst().finishReason());
    }

    @Test
    void completeStillReadsTheRecordWithFieldsOgemDoesNotModel() throws Exception {
        upstream.answer(r -> Reply.json(200, SENT));
        ChatResponse response = client.complete(request());
        assertEquals("bytes", response.choices().getFirst().message().text());
        assertEquals(2, response.extra().get("x_upstream").at("/kept/1").asInt());
    }

    @Test
    void aLaxServersAnswerIsCompletedOnTheTypedPath() throws Exception {
        upstream.answer(r -> Reply.json(200, """
                {"created":7,"choices":[{"index":0,"message":{"role":"assistant","content":"lax"},"finish_reason":"stop"}]}"""));
        ChatAnswer answer = client.answer(request());
        assertFalse(answer.isReceived(), "missing id, object and model: parsed and written");
        String written = new String(answer.json(), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"object\":\"chat.completion\""), written);
        assertTrue(written.contains("\"id\":\"\""), written);
        assertEquals("lax", answer.response().choices().getFirst().message().text());
    }
}

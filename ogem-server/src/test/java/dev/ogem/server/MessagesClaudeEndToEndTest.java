package dev.ogem.server;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUnion;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.providers.anthropic.AnthropicRequestSchema;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK against ogem's {@code /v1/messages} in front of Claude, direct and on
 * Vertex AI: the caller's request reaches the fake Claude as it was sent (thinking and its signature,
 * {@code cache_control}, tools, the {@code anthropic-beta} header), only the model rewritten (and for Vertex
 * the body shaped for {@code rawPredict}), and Claude's answer comes back as Claude sent it.
 */
class MessagesClaudeEndToEndTest {

    private static final String DIRECT_MODEL = "claude-sonnet-4-5-20250929";
    private static final String VERTEX_MODEL = "claude-sonnet-4-5@20250929";
    private static final String ANSWER = """
            {"id":"msg_01","type":"message","role":"assistant","model":"%s",
             "content":[{"type":"thinking","thinking":"Sunny, so say so.","signature":"sig-answer"},
                        {"type":"text","text":"It is sunny in Paris."}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":30,"output_tokens":12,"cache_creation_input_tokens":7,"cache_read_input_tokens":100}}
            """.formatted(DIRECT_MODEL);

    private static FakeProvider direct;
    private static FakeProvider vertex;
    private static TestGateway gateway;
    private static AnthropicClient sdk;

    @BeforeAll
    static void start() {
        direct = FakeProvider.start();
        vertex = FakeProvider.start();
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  claude:
                    base_url: %s
                    regions:
                      claude:
                        models: [ { name: "%s", other_names: [ "sonnet" ] } ]
                  vclaude:
                    base_url: %s
                    regions:
                      us-east5:
                        models: [ "%s" ]
                """.formatted(direct.root(), DIRECT_MODEL, vertex.root(), VERTEX_MODEL),
                Map.of("CLAUDE_API_KEY", "sk-ant-e2e",
                        "GOOGLE_CLOUD_PROJECT", "e2e-project",
                        "GOOGLE_APPLICATION_CREDENTIALS", vertex.keyFile().toString()));
        sdk = AnthropicSdk.client(gateway);
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
        direct.close();
        vertex.close();
    }

    @Test
    void everyClaudeFeatureReachesClaudeAsSentAndTheAnswerComesBackAsClaudeSentIt() {
        direct.answer(r -> Reply.json(200, ANSWER));

        MessageCreateParams params = AnthropicSdk.toolRound(DIRECT_MODEL)
                .system(MessageCreateParams.System.ofTextBlockParams(List.of(
                        AnthropicSdk.text("You are a weather bot.", true).asText())))
                .enabledThinking(1024)
                .tools(List.of(ToolUnion.ofTool(AnthropicSdk.weatherTool(true))))
                .putAdditionalHeader("anthropic-beta", "interleaved-thinking-2025-05-14")
                .build();
        Message message = sdk.messages().create(params);

        ContentBlock thinking = message.content().getFirst();
        assertEquals("sig-answer", thinking.thinking().orElseThrow().signature(), "Claude's signature, untouched");
        assertEquals("It is sunny in Paris.", message.content().get(1).text().orElseThrow().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(100, message.usage().cacheReadInputTokens().orElseThrow(), "Claude's own usage");
        assertEquals(7, message.usage().cacheCreationInputTokens().orElseThrow());

        Recorded call = direct.lastCall();
        assertEquals("/v1/messages", call.path());
        assertEquals("sk-ant-e2e", call.header("x-api-key"), "the provider's key, not the gateway's");
        assertEquals("interleaved-thinking-2025-05-14", call.header("anthropic-beta"));
        JsonNode body = call.json();
        assertEquals(List.of(), AnthropicRequestSchema.violations(body));
        assertEquals(DIRECT_MODEL, body.path("model").asText());
        assertEquals("enabled", body.at("/thinking/type").asText());
        assertEquals(1024, body.at("/thinking/budget_tokens").asInt());
        assertEquals("ephemeral", body.at("/system/0/cache_control/type").asText());
        assertEquals("ephemeral", body.at("/tools/0/cache_control/type").asText());
        assertEquals("sig-abc", body.at("/messages/1/content/0/signature").asText(), "the signed thinking goes back");
        assertEquals("toolu_01", body.at("/messages/2/content/0/tool_use_id").asText());
        assertFalse(body.has("stream"));
    }

    @Test
    void anAliasIsSentAsTheServedModelId() {
        direct.answer(r -> Reply.json(200, ANSWER));

        sdk.messages().create(MessageCreateParams.builder().model("sonnet").maxTokens(100).addUserMessage("Hi").build());

        assertEquals(DIRECT_MODEL, direct.lastCall().json().path("model").asText());
    }

    @Test
    void aVertexStreamRelaysClaudesEventsAndTheBodyIsShapedForStreamRawPredict() {
        vertex.answer(r -> Reply.sse(FakeProvider.sse("anthropic/stream-thinking")));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(
                AnthropicSdk.toolRound(VERTEX_MODEL).enabledThinking(1024)
                        .putAdditionalHeader("anthropic-beta", "context-1m-2025-08-07").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertEquals("Let me think.", message.content().getFirst().thinking().orElseThrow().thinking());
        assertEquals("EqQBsig==", message.content().getFirst().thinking().orElseThrow().signature());
        assertTrue(message.content().get(1).isRedactedThinking(), "a redacted block goes through as well");
        assertEquals("42", message.content().get(2).text().orElseThrow().text());

        Recorded call = vertex.lastCall();
        assertEquals("/v1/projects/e2e-project/locations/us-east5/publishers/anthropic/models/" + VERTEX_MODEL
                + ":streamRawPredict", call.path());
        assertEquals("Bearer " + FakeProvider.TOKEN, call.header("Authorization"));
        assertEquals("context-1m-2025-08-07", call.header("anthropic-beta"));
        JsonNode body = call.json();
        assertEquals("vertex-2023-10-16", body.path("anthropic_version").asText());
        assertFalse(body.has("model"), "Vertex takes the model in the URL only");
        assertTrue(body.path("stream").asBoolean());
        assertEquals("sig-abc", body.at("/messages/1/content/0/signature").asText());
        assertEquals(List.of(), AnthropicRequestSchema.vertexViolations(body, VERTEX_MODEL));
    }

    @Test
    void tokensAreCountedByClaudeDirectAndOnVertex() {
        direct.answer(r -> Reply.json(200, "{\"input_tokens\":42}"));
        vertex.answer(r -> Reply.json(200, "{\"input_tokens\":43}"));

        long directCount = sdk.messages().countTokens(MessageCountTokensParams.builder().model(DIRECT_MODEL)
                .addUserMessage("Count me").build()).inputTokens();
        long vertexCount = sdk.messages().countTokens(MessageCountTokensParams.builder().model(VERTEX_MODEL)
                .addUserMessage("Count me").build()).inputTokens();

        assertEquals(42, directCount);
        assertEquals(43, vertexCount);
        Recorded directCall = direct.lastCall();
        assertEquals("/v1/messages/count_tokens", directCall.path());
        assertEquals(DIRECT_MODEL, directCall.json().path("model").asText());
        Recorded vertexCall = vertex.lastCall();
        assertEquals("/v1/projects/e2e-project/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict",
                vertexCall.path());
        assertEquals(VERTEX_MODEL, vertexCall.json().path("model").asText(), "Vertex's counter takes the model in the body");
        assertEquals("Count me", vertexCall.json().at("/messages/0/content").asText());
    }

    @Test
    void claudesErrorsComeBackInAnthropicsShapeWithTheirStatus() {
        direct.answer(r -> Reply.json(400, """
                {"type":"error","error":{"type":"invalid_request_error","message":"messages.0: bad block"}}"""));

        BadRequestException e = assertThrows(BadRequestException.class, () -> sdk.messages().create(
                MessageCreateParams.builder().model(DIRECT_MODEL).maxTokens(100).addUserMessage("Hi").build()));

        assertTrue(e.apiMessage().orElseThrow().contains("messages.0: bad block"), e.getMessage());
        assertEquals(ErrorType.INVALID_REQUEST_ERROR, e.type().orElseThrow());
    }

    @Test
    void anUnknownModelAndAWrongKeyAreAnthropicErrors() {
        NotFoundException notFound = assertThrows(NotFoundException.class, () -> sdk.messages().create(
                MessageCreateParams.builder().model("no-such-model").maxTokens(10).addUserMessage("Hi").build()));
        assertTrue(notFound.apiMessage().orElseThrow().contains("no-such-model"), notFound.getMessage());
        assertEquals(ErrorType.NOT_FOUND_ERROR, notFound.type().orElseThrow());

        AnthropicClient wrongKey = AnthropicOkHttpClient.builder().baseUrl(gateway.uri("").toString()).apiKey("wrong")
                .maxRetries(0).build();
        try {
            UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> wrongKey.messages().create(
                    MessageCreateParams.builder().model(DIRECT_MODEL).maxTokens(10).addUserMessage("Hi").build()));
            assertEquals(ErrorType.AUTHENTICATION_ERROR, e.type().orElseThrow());
        } finally {
            wrongKey.close();
        }
    }
}

package dev.ogem.server;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.WebSearchTool20250305;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK against ogem's {@code /v1/messages} in front of an OpenAI-protocol
 * server and the Gemini API: the request is translated for each (and follows its schema), and answers,
 * streams (the full Anthropic event sequence) and errors come back in Anthropic's shapes.
 */
class MessagesTranslatedEndToEndTest {

    private static final Map<TranslatedUpstream, FakeProvider> FAKES = new EnumMap<>(TranslatedUpstream.class);
    private static TestGateway gateway;
    private static AnthropicClient sdk;

    @BeforeAll
    static void start() {
        for (TranslatedUpstream upstream : TranslatedUpstream.values()) {
            FAKES.put(upstream, FakeProvider.start());
        }
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s/v1
                    protocol: openai
                    regions: { local: { models: [ %s ] } }
                  studio:
                    base_url: %s
                    regions: { studio: { models: [ %s ] } }
                """.formatted(FAKES.get(TranslatedUpstream.OPENAI).root(), TranslatedUpstream.OPENAI.model,
                FAKES.get(TranslatedUpstream.GEMINI).root(), TranslatedUpstream.GEMINI.model),
                Map.of("GENAI_STUDIO_API_KEY", "studio-e2e-key"));
        sdk = AnthropicSdk.client(gateway);
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
        FAKES.values().forEach(FakeProvider::close);
    }

    @ParameterizedTest
    @EnumSource(TranslatedUpstream.class)
    void aPlainMessage(TranslatedUpstream upstream) {
        FakeProvider fake = FAKES.get(upstream).answer(r -> upstream.text("Hello there!"));

        Message message = sdk.messages().create(MessageCreateParams.builder().model(upstream.model).maxTokens(300)
                .system("Be brief.").addUserMessage("Say hello").putAdditionalBodyProperty("temperature", JsonValue.from(0.5)).stopSequences(List.of("END"))
                .build());

        assertEquals("Hello there!", message.content().getFirst().text().orElseThrow().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(16, message.usage().inputTokens(), "the prompt without its cached tokens");
        assertEquals(5, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(4, message.usage().outputTokens());
        JsonNode body = upstream.checkCall(fake.lastCall());
        if (upstream == TranslatedUpstream.OPENAI) {
            assertEquals("system", body.at("/messages/0/role").asText());
            assertEquals("Be brief.", body.at("/messages/0/content").asText());
            assertEquals("Say hello", body.at("/messages/1/content").asText());
            assertEquals(300, body.path("max_completion_tokens").asInt());
            assertEquals("END", body.at("/stop/0").asText());
        } else {
            assertEquals("Be brief.", body.at("/systemInstruction/parts/0/text").asText());
            assertEquals("Say hello", body.at("/contents/0/parts/0/text").asText());
            assertEquals(300, body.at("/generationConfig/maxOutputTokens").asInt());
            assertEquals("END", body.at("/generationConfig/stopSequences/0").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(TranslatedUpstream.class)
    void aStreamIsTheFullAnthropicEventSequence(TranslatedUpstream upstream) {
        FAKES.get(upstream).answer(r -> upstream.textStream());

        List<String> types = new ArrayList<>();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(MessageCreateParams.builder()
                .model(upstream.model).maxTokens(100).addUserMessage("Say hello").build())) {
            stream.stream().forEach(event -> {
                types.add(kind(event));
                accumulator.accumulate(event);
            });
        }
        Message message = accumulator.message();

        assertEquals(List.of("message_start", "content_block_start"), types.subList(0, 2));
        assertEquals(List.of("content_block_stop", "message_delta", "message_stop"),
                types.subList(types.size() - 3, types.size()));
        assertTrue(types.subList(2, types.size() - 3).stream().allMatch("content_block_delta"::equals), types.toString());
        assertEquals("Hello!", message.content().getFirst().text().orElseThrow().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.usage().outputTokens() > 0, "the usage of the last message_delta");
        assertTrue(upstream.checkCall(FAKES.get(upstream).lastCall()) != null);
    }

    @ParameterizedTest
    @EnumSource(TranslatedUpstream.class)
    void aToolRoundIsTranslatedBothWays(TranslatedUpstream upstream) {
        FakeProvider fake = FAKES.get(upstream).answer(r -> upstream.toolCall());

        Message message = sdk.messages().create(AnthropicSdk.toolRound(upstream.model).build());

        ToolUseBlock call = message.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertEquals("get_weather", call.name());
        assertEquals(JsonValue.from(Map.of("city", "Rome")), call._input());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        JsonNode body = upstream.checkCall(fake.lastCall());
        if (upstream == TranslatedUpstream.OPENAI) {
            assertEquals("get_weather", body.at("/tools/0/function/name").asText());
            assertEquals("string", body.at("/tools/0/function/parameters/properties/city/type").asText());
            assertEquals("toolu_01", body.at("/messages/1/tool_calls/0/id").asText());
            assertEquals("{\"city\":\"Paris\"}", body.at("/messages/1/tool_calls/0/function/arguments").asText());
            assertEquals("tool", body.at("/messages/2/role").asText());
            assertEquals("toolu_01", body.at("/messages/2/tool_call_id").asText());
            assertEquals("18 degrees, sunny", body.at("/messages/2/content").asText());
        } else {
            assertEquals("get_weather", body.at("/tools/0/functionDeclarations/0/name").asText());
            assertEquals("Paris", body.at("/contents/1/parts/0/functionCall/args/city").asText());
            assertEquals("get_weather", body.at("/contents/2/parts/0/functionResponse/name").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(TranslatedUpstream.class)
    void aStreamedToolCallArrivesAsAToolUseBlock(TranslatedUpstream upstream) {
        FAKES.get(upstream).answer(r -> upstream.toolStream());

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(
                AnthropicSdk.toolRound(upstream.model).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        List<ToolUseBlock> calls = message.content().stream().flatMap(b -> b.toolUse().stream()).toList();
        assertEquals("get_weather", calls.getFirst().name());
        assertEquals(upstream == TranslatedUpstream.OPENAI ? JsonValue.from(Map.of("city", "Rome"))
                : JsonValue.from(Map.of("city", "Paris", "unit", "c")), calls.getFirst()._input());
        assertEquals("Let me check.", message.content().stream().flatMap(b -> b.text().stream()).findFirst()
                .orElseThrow().text());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        upstream.checkCall(FAKES.get(upstream).lastCall());
    }

    @ParameterizedTest
    @EnumSource(TranslatedUpstream.class)
    void errorsAreAnthropicErrorsWithTheirStatus(TranslatedUpstream upstream) {
        FAKES.get(upstream).answer(r -> upstream.tooManyRequests());

        RateLimitException limited = assertThrows(RateLimitException.class, () -> sdk.messages().create(
                MessageCreateParams.builder().model(upstream.model).maxTokens(10).addUserMessage("Hi").build()));
        assertEquals(ErrorType.RATE_LIMIT_ERROR, limited.type().orElseThrow());

        BadRequestException claudeOnly = assertThrows(BadRequestException.class, () -> sdk.messages().create(
                MessageCreateParams.builder().model(upstream.model).maxTokens(10).addUserMessage("Hi")
                        .addTool(WebSearchTool20250305.builder().build()).build()));
        assertEquals(ErrorType.INVALID_REQUEST_ERROR, claudeOnly.type().orElseThrow());
        assertTrue(claudeOnly.apiMessage().orElseThrow().contains("web_search_20250305"), claudeOnly.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TranslatedUpstream.class)
    void tokensAreEstimatedWhenNoUpstreamCounts(TranslatedUpstream upstream) {
        int before = FAKES.get(upstream).calls().size();
        long shortCount = sdk.messages().countTokens(MessageCountTokensParams.builder().model(upstream.model)
                .addUserMessage("Hi").build()).inputTokens();
        long longCount = sdk.messages().countTokens(MessageCountTokensParams.builder().model(upstream.model)
                .addUserMessage("Hi ".repeat(400)).build()).inputTokens();

        assertTrue(shortCount > 0 && longCount > shortCount + 100, shortCount + " then " + longCount);
        assertEquals(before, FAKES.get(upstream).calls().size(), "nothing was sent upstream");
        HttpResponse<String> raw = gateway.post("/v1/messages/count_tokens", """
                {"model":"%s","messages":[{"role":"user","content":"Hi"}]}""".formatted(upstream.model));
        assertEquals(200, raw.statusCode());
        assertEquals("estimate", raw.headers().firstValue("x-ogem-token-count").orElseThrow());
        assertEquals("{\"input_tokens\":" + shortCount + "}", raw.body());
    }

    private static String kind(RawMessageStreamEvent event) {
        if (event.isMessageStart()) {
            return "message_start";
        }
        if (event.isContentBlockStart()) {
            return "content_block_start";
        }
        if (event.isContentBlockDelta()) {
            return "content_block_delta";
        }
        if (event.isContentBlockStop()) {
            return "content_block_stop";
        }
        return event.isMessageDelta() ? "message_delta" : "message_stop";
    }
}

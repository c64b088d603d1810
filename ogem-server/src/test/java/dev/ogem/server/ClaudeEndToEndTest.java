package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.completions.CompletionUsage;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK against ogem serving Claude, direct ({@code claude}) and on Vertex AI
 * ({@code vclaude}, authenticated by a service-account key file named in the gateway's environment),
 * each through a fake upstream speaking the Anthropic Messages protocol.
 */
class ClaudeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECT_MODEL = "claude-sonnet-4-5-20250929";
    private static final String VERTEX_MODEL = "claude-sonnet-4-5@20250929";

    private static FakeProvider direct;
    private static FakeProvider vertex;
    private static TestGateway gateway;
    private static OpenAIClient sdk;
    private static ImageServer images;

    /** The two hosts of the Messages protocol. */
    enum Host {
        CLAUDE(DIRECT_MODEL), VCLAUDE(VERTEX_MODEL);

        final String model;

        Host(String model) {
            this.model = model;
        }

        FakeProvider fake() {
            return this == CLAUDE ? direct : vertex;
        }

        /** Checks where a call went and how it authenticated, and returns its body. */
        JsonNode checkCall(Recorded call, boolean stream) {
            assertEquals("POST", call.method());
            JsonNode body = call.json();
            if (this == CLAUDE) {
                assertEquals("/v1/messages", call.path());
                assertEquals("sk-ant-e2e", call.header("x-api-key"));
                assertEquals("2023-06-01", call.header("anthropic-version"));
                assertEquals(DIRECT_MODEL, body.path("model").asText());
            } else {
                assertEquals("/v1/projects/e2e-project/locations/us-east5/publishers/anthropic/models/" + VERTEX_MODEL
                        + (stream ? ":streamRawPredict" : ":rawPredict"), call.path());
                assertEquals("Bearer " + FakeProvider.TOKEN, call.header("Authorization"));
                assertEquals("vertex-2023-10-16", body.path("anthropic_version").asText());
                assertFalse(body.has("model"), "Vertex takes the model in the URL only");
            }
            assertEquals(stream, body.path("stream").asBoolean(false));
            return body;
        }
    }

    @BeforeAll
    static void start() {
        images = ImageServer.start();
        direct = FakeProvider.start();
        vertex = FakeProvider.start();
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  claude:
                    base_url: %s
                    regions:
                      claude:
                        models: [ "%s" ]
                  vclaude:
                    base_url: %s
                    regions:
                      us-east5:
                        models: [ "%s" ]
                """.formatted(direct.root(), DIRECT_MODEL, vertex.root(), VERTEX_MODEL),
                Map.of("CLAUDE_API_KEY", "sk-ant-e2e",
                        "GOOGLE_CLOUD_PROJECT", "e2e-project",
                        "GOOGLE_APPLICATION_CREDENTIALS", vertex.keyFile().toString(),
                        "OGEM_IMAGE_FETCH_ALLOW_PRIVATE", "true"));
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(TestGateway.KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        images.close();
        sdk.close();
        gateway.close();
        direct.close();
        vertex.close();
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aPlainCompletion(Host host) {
        host.fake().answer(r -> Reply.json(200, """
                {"id":"msg_p1","type":"message","role":"assistant","model":"%s",
                 "content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":12,"output_tokens":6,"cache_creation_input_tokens":3,"cache_read_input_tokens":5}}
                """.formatted(DIRECT_MODEL)));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(host.model)
                .addSystemMessage("Be brief.")
                .addUserMessage("Say hi")
                .temperature(1.5)
                .build());

        assertEquals("Hi!", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals("stop", completion.choices().getFirst().finishReason().asString());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(20, usage.promptTokens(), "input + cache creation + cache read");
        assertEquals(6, usage.completionTokens());
        assertEquals(26, usage.totalTokens());
        assertEquals(5, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());

        JsonNode body = host.checkCall(host.fake().lastCall(), false);
        assertEquals("Be brief.", body.at("/system").isArray() ? body.at("/system/0/text").asText() : body.at("/system").asText());
        assertEquals("Say hi", body.at("/messages/0/content").asText());
        assertEquals(64000, body.path("max_tokens").asInt(), "the model family's output limit when the caller sets none");
        assertEquals(1.0, body.path("temperature").asDouble(), "clamped to Anthropic's 0..1");
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aStreamedCompletionWithAUsageChunk(Host host) {
        host.fake().answer(r -> Reply.sse(FakeProvider.sse("anthropic/stream-usage-chunk")));

        SdkStream streamed = SdkStream.read(sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder()
                        .model(host.model)
                        .addUserMessage("Say hi")
                        .maxCompletionTokens(100)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build()));
        String text = streamed.text();
        List<String> finishes = streamed.finishes();
        List<CompletionUsage> usages = streamed.usages();

        assertEquals("Hi", text);
        assertEquals(List.of("stop"), finishes);
        assertEquals(1, usages.size(), "one usage chunk, as include_usage asks");
        CompletionUsage usage = usages.getFirst();
        assertEquals(1005, usage.promptTokens());
        assertEquals(7, usage.completionTokens());
        assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        assertEquals(1000, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        JsonNode body = host.checkCall(host.fake().lastCall(), true);
        assertEquals(100, body.path("max_tokens").asInt());
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aToolCallRoundTripKeepsTheSignedThinkingBlocks(Host host) throws Exception {
        host.fake().answer(r -> r.json().at("/messages").size() == 1 ? Reply.json(200, """
                {"id":"msg_t1","type":"message","role":"assistant","model":"%1$s",
                 "content":[
                   {"type":"thinking","thinking":"The user wants weather.","signature":"EqQBCkYIARgCKkAsig=="},
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy3redacted"},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":30}}
                """.formatted(DIRECT_MODEL)) : Reply.json(200, """
                {"id":"msg_t2","type":"message","role":"assistant","model":"%1$s",
                 "content":[{"type":"text","text":"It is 18C in Paris."}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":90,"output_tokens":9}}
                """.formatted(DIRECT_MODEL)));
        ChatCompletionCreateParams turn1 = ChatCompletionCreateParams.builder()
                .model(host.model)
                .maxCompletionTokens(4000)
                .reasoningEffort(ReasoningEffort.LOW)
                .addUserMessage("Weather in Paris?")
                .addTool(SdkTools.getWeather())
                .build();

        ChatCompletion first = sdk.chat().completions().create(turn1);

        assertEquals("tool_calls", first.choices().getFirst().finishReason().asString());
        ChatCompletionMessage assistant = first.choices().getFirst().message();
        ChatCompletionMessageFunctionToolCall call = assistant.toolCalls().orElseThrow().getFirst().asFunction();
        assertEquals("toolu_01", call.id());
        assertEquals("get_weather", call.function().name());
        assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), JSON.readTree(call.function().arguments()));
        Map<String, JsonValue> fields = assistant._allProperties();
        assertEquals(JsonValue.from("The user wants weather."), fields.get("reasoning_content"));
        assertTrue(fields.containsKey("thinking_blocks"), "the signed blocks reach the client: " + fields);
        JsonNode turn1Body = host.checkCall(host.fake().lastCall(), false);
        assertEquals(JSON.readTree("{\"type\":\"enabled\",\"budget_tokens\":1024}"), turn1Body.get("thinking"));

        // What a client does: keep the assistant message with its two extra fields (the SDK's
        // toParam() drops fields it does not know), and answer the tool call.
        ChatCompletion second = sdk.chat().completions().create(turn1.toBuilder()
                .addMessage(assistant.toParam().toBuilder()
                        .putAdditionalProperty("reasoning_content", fields.get("reasoning_content"))
                        .putAdditionalProperty("thinking_blocks", fields.get("thinking_blocks"))
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18C").build())
                .build());

        assertEquals("It is 18C in Paris.", second.choices().getFirst().message().content().orElseThrow());
        JsonNode history = host.checkCall(host.fake().lastCall(), false).get("messages");
        assertEquals(JSON.readTree("""
                [{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":[
                   {"type":"thinking","thinking":"The user wants weather.","signature":"EqQBCkYIARgCKkAsig=="},
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy3redacted"},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"18C"}]}]
                """), history);
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void jsonModeWithTheSdksStructuredOutput(Host host) {
        String answer = host == Host.CLAUDE
                ? "{\"type\":\"text\",\"text\":\"{\\\"name\\\":\\\"Ada\\\",\\\"age\\\":36}\"}"
                : "{\"type\":\"tool_use\",\"id\":\"toolu_j\",\"name\":\"json_tool_call\",\"input\":{\"name\":\"Ada\",\"age\":36}}";
        String stop = host == Host.CLAUDE ? "end_turn" : "tool_use";
        host.fake().answer(r -> Reply.json(200, """
                {"id":"msg_j","type":"message","role":"assistant","model":"%s","content":[%s],
                 "stop_reason":"%s","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":6}}
                """.formatted(DIRECT_MODEL, answer, stop)));

        StructuredChatCompletion<SdkPerson> completion = sdk.chat().completions().create(
                ChatCompletionCreateParams.builder()
                        .model(host.model)
                        .maxCompletionTokens(200)
                        .addUserMessage("Ada, 36")
                        .responseFormat(SdkPerson.class)
                        .build());

        SdkPerson person = completion.choices().getFirst().message().content().orElseThrow();
        assertEquals("Ada", person.name);
        assertEquals(36, person.age);
        assertEquals("stop", completion.choices().getFirst().finishReason().asString());
        JsonNode body = host.checkCall(host.fake().lastCall(), false);
        if (host == Host.CLAUDE) {
            assertEquals("json_schema", body.at("/output_config/format/type").asText());
            assertEquals("integer", body.at("/output_config/format/schema/properties/age/type").asText());
            assertFalse(body.has("tools"));
        } else {
            assertEquals("json_tool_call", body.at("/tools/0/name").asText(), "Vertex has no native JSON schema");
            assertEquals("integer", body.at("/tools/0/input_schema/properties/age/type").asText());
            assertEquals("json_tool_call", body.at("/tool_choice/name").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void anImageUrlGoesAsAUrlToTheAnthropicApiAndInlineToVertex(Host host) {
        host.fake().answer(r -> Reply.json(200, """
                {"id":"msg_i","type":"message","role":"assistant","model":"%s","content":[{"type":"text","text":"A cat."}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":3}}
                """.formatted(DIRECT_MODEL)));
        // The Anthropic API fetches https URLs itself; Vertex cannot, so ogem downloads the image
        // (here from loopback, which OGEM_IMAGE_FETCH_ALLOW_PRIVATE=true permits).
        String url = host == Host.CLAUDE ? "https://images.example/cat.png" : images.url("/cat.png");

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(host.model)
                .maxCompletionTokens(50)
                .addUserMessageOfArrayOfContentParts(List.of(ChatCompletionContentPart.ofImageUrl(
                        ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(url).build())
                                .build())))
                .build());

        assertEquals("A cat.", completion.choices().getFirst().message().content().orElseThrow());
        JsonNode source = host.checkCall(host.fake().lastCall(), false).at("/messages/0/content/0/source");
        if (host == Host.CLAUDE) {
            assertEquals("url", source.path("type").asText());
            assertEquals(url, source.path("url").asText());
        } else {
            assertEquals("base64", source.path("type").asText());
            assertEquals("image/png", source.path("media_type").asText());
            assertArrayEquals(ImageServer.PNG, Base64.getDecoder().decode(source.path("data").asText()));
        }
    }
}

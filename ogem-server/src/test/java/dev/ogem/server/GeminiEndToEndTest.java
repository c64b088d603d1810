package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.completions.CompletionUsage;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK against ogem serving Gemini, on AI Studio ({@code studio}) and on
 * Vertex AI ({@code vertex}, authenticated by a service-account key file named in the gateway's
 * environment), each through a fake upstream speaking the Gemini generateContent protocol.
 */
class GeminiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "gemini-2.5-flash";
    private static final String SIGNATURE = "c2lnbmF0dXJlLW9uZS8rPQ==";

    private static FakeProvider studio;
    private static FakeProvider vertex;
    private static TestGateway gateway;
    private static OpenAIClient sdk;

    /** The two hosts of the Gemini protocol, addressed the way a client picks them. */
    enum Host {
        STUDIO("studio/" + MODEL), VERTEX("vertex/us-central1/" + MODEL);

        final String model;

        Host(String model) {
            this.model = model;
        }

        FakeProvider fake() {
            return this == STUDIO ? studio : vertex;
        }

        /** Checks where a call went and how it authenticated, and returns its body. */
        JsonNode checkCall(Recorded call, boolean stream) {
            assertEquals("POST", call.method());
            String resource = this == STUDIO
                    ? "/v1beta/models/" + MODEL
                    : "/v1/projects/e2e-project/locations/us-central1/publishers/google/models/" + MODEL;
            assertEquals(resource + (stream ? ":streamGenerateContent" : ":generateContent"), call.path());
            assertEquals(stream ? "alt=sse" : null, call.query());
            if (this == STUDIO) {
                assertEquals("studio-e2e-key", call.header("x-goog-api-key"));
            } else {
                assertEquals("Bearer " + FakeProvider.TOKEN, call.header("Authorization"));
            }
            return call.json();
        }
    }

    @BeforeAll
    static void start() {
        studio = FakeProvider.start();
        vertex = FakeProvider.start();
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  studio:
                    base_url: %s
                    regions:
                      studio:
                        models: [ %s ]
                  vertex:
                    base_url: %s
                    regions:
                      us-central1:
                        models: [ %s ]
                """.formatted(studio.root(), MODEL, vertex.root(), MODEL),
                Map.of("GENAI_STUDIO_API_KEY", "studio-e2e-key",
                        "GOOGLE_CLOUD_PROJECT", "e2e-project",
                        "GOOGLE_APPLICATION_CREDENTIALS", vertex.keyFile().toString()));
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(TestGateway.KEY)
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
        studio.close();
        vertex.close();
    }

    private static String answer(String parts, String finish, String usage) {
        return """
                {"candidates":[{"content":{"role":"model","parts":[%s]},"finishReason":"%s","index":0}],
                 "modelVersion":"%s","responseId":"resp-e2e","usageMetadata":%s}
                """.formatted(parts, finish, MODEL, usage);
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aPlainCompletion(Host host) {
        host.fake().answer(r -> Reply.json(200, answer("{\"text\":\"Hello\"},{\"text\":\" there!\"}", "STOP",
                "{\"promptTokenCount\":10,\"cachedContentTokenCount\":4,\"candidatesTokenCount\":3,"
                        + "\"thoughtsTokenCount\":5,\"totalTokenCount\":18}")));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(host.model)
                .addSystemMessage("Be brief.")
                .addUserMessage("Say hello")
                .temperature(1.5)
                .maxCompletionTokens(50)
                .build());

        assertEquals("Hello there!", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals("stop", completion.choices().getFirst().finishReason().asString());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(10, usage.promptTokens());
        assertEquals(8, usage.completionTokens(), "candidates + thoughts");
        assertEquals(18, usage.totalTokens());
        assertEquals(4, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        assertEquals(5, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());

        JsonNode body = host.checkCall(host.fake().lastCall(), false);
        assertEquals("Be brief.", body.at("/systemInstruction/parts/0/text").asText());
        assertEquals("user", body.at("/contents/0/role").asText());
        assertEquals("Say hello", body.at("/contents/0/parts/0/text").asText());
        assertEquals(1.5, body.at("/generationConfig/temperature").asDouble(), "Gemini takes 0..2 as is");
        assertEquals(50, body.at("/generationConfig/maxOutputTokens").asInt());
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aStreamedCompletionWithAUsageChunk(Host host) {
        host.fake().answer(r -> Reply.sse(FakeProvider.sse("gemini/stream-text")));

        SdkStream streamed = SdkStream.read(sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder()
                        .model(host.model)
                        .addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build()));
        String text = streamed.text();
        List<String> finishes = streamed.finishes();
        List<CompletionUsage> usages = streamed.usages();

        assertEquals("Hello!", text);
        assertEquals(List.of("stop"), finishes);
        assertEquals(1, usages.size(), "one usage chunk, as include_usage asks");
        assertEquals(4, usages.getFirst().promptTokens());
        assertEquals(3, usages.getFirst().completionTokens());
        assertEquals(7, usages.getFirst().totalTokens());
        host.checkCall(host.fake().lastCall(), true);
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void aToolCallRoundTripCarriesTheThoughtSignatureInTheToolCallId(Host host) throws Exception {
        host.fake().answer(r -> r.json().path("contents").size() == 1
                ? Reply.json(200, answer("""
                        {"text":"The user wants weather.","thought":true},
                        {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"%s"}"""
                        .formatted(SIGNATURE), "STOP", "{\"promptTokenCount\":20,\"candidatesTokenCount\":5}"))
                : Reply.json(200, answer("{\"text\":\"It is 18C in Paris.\"}", "STOP",
                        "{\"promptTokenCount\":40,\"candidatesTokenCount\":8}")));
        ChatCompletionCreateParams turn1 = ChatCompletionCreateParams.builder()
                .model(host.model)
                .addUserMessage("Weather in Paris?")
                .addTool(SdkTools.getWeather())
                .build();

        ChatCompletion first = sdk.chat().completions().create(turn1);

        assertEquals("tool_calls", first.choices().getFirst().finishReason().asString());
        ChatCompletionMessage assistant = first.choices().getFirst().message();
        ChatCompletionMessageFunctionToolCall call = assistant.toolCalls().orElseThrow().getFirst().asFunction();
        assertTrue(call.id().matches("call_[0-9a-f]{24}__thought__[A-Za-z0-9_-]+"), call.id());
        assertEquals("get_weather", call.function().name());
        JsonNode turn1Body = host.checkCall(host.fake().lastCall(), false);
        assertEquals("get_weather", turn1Body.at("/tools/0/functionDeclarations/0/name").asText());

        // The SDK's toParam() keeps only the fields it knows; the signature lives in the id, which it keeps.
        ChatCompletion second = sdk.chat().completions().create(turn1.toBuilder()
                .addMessage(assistant.toParam())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18C").build())
                .build());

        assertEquals("It is 18C in Paris.", second.choices().getFirst().message().content().orElseThrow());
        JsonNode contents = host.checkCall(host.fake().lastCall(), false).get("contents");
        assertEquals(JSON.readTree("""
                [{"role":"user","parts":[{"text":"Weather in Paris?"}]},
                 {"role":"model","parts":[
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"%s"}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"get_weather","response":{"output":"18C"}}}]}]
                """.formatted(SIGNATURE)), contents);
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void jsonModeWithTheSdksStructuredOutput(Host host) {
        host.fake().answer(r -> Reply.json(200, answer("{\"text\":\"{\\\"name\\\":\\\"Ada\\\",\\\"age\\\":36}\"}",
                "STOP", "{\"promptTokenCount\":6,\"candidatesTokenCount\":9}")));

        StructuredChatCompletion<SdkPerson> completion = sdk.chat().completions().create(
                ChatCompletionCreateParams.builder()
                        .model(host.model)
                        .addUserMessage("Ada, 36")
                        .responseFormat(SdkPerson.class)
                        .build());

        SdkPerson person = completion.choices().getFirst().message().content().orElseThrow();
        assertEquals("Ada", person.name);
        assertEquals(36, person.age);
        JsonNode config = host.checkCall(host.fake().lastCall(), false).get("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals("integer", config.at("/responseJsonSchema/properties/age/type").asText());
        assertEquals("string", config.at("/responseJsonSchema/properties/name/type").asText());
    }
}

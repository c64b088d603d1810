package dev.ogem.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.models.Model;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The official OpenAI Java SDK against ogem, changed in nothing but base URL and key. */
class OpenAiSdkEndToEndTest {

    private static FakeUpstream upstream;
    private static TestGateway gateway;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  openai:
                    base_url: %s
                    regions:
                      openai:
                        models:
                          - name: gpt-4o
                            other_names: [gpt-4o-2024-08-06]
                """.formatted(upstream.baseUrl()), Map.of("OPENAI_API_KEY", "sk-upstream"));
        sdk = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.uri("/v1").toString())
                .apiKey(TestGateway.KEY)
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        gateway.close();
        upstream.close();
    }

    @Test
    void aPlainCompletion() {
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("gpt-4o", "Hello from upstream")));
        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-2024-08-06")
                .addSystemMessage("Be brief.")
                .addUserMessage("Say hello")
                .temperature(0.0)
                .build());
        assertEquals("Hello from upstream", completion.choices().getFirst().message().content().orElseThrow());
        assertEquals(7, completion.usage().orElseThrow().totalTokens());
        assertEquals("gpt-4o", upstream.last().json().get("model").asText());
        assertEquals("Say hello", upstream.last().json().at("/messages/1/content").asText());
    }

    @Test
    void aStreamedCompletionWithAToolCall() {
        upstream.answer(r -> Reply.sse(List.of(
                Event.data("""
                        {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}"""),
                Event.data("""
                        {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}"""),
                Event.data("""
                        {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}"""),
                Event.data(OpenAiFixtures.finish("tool_calls")),
                Event.data("[DONE]"))));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build()).build())
                .build();
        StringBuilder arguments = new StringBuilder();
        String[] name = new String[1];
        String[] finish = new String[1];
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                choice.delta().toolCalls().ifPresent(calls -> calls.forEach(call -> call.function().ifPresent(f -> {
                    f.name().ifPresent(n -> name[0] = n);
                    f.arguments().ifPresent(arguments::append);
                })));
                choice.finishReason().ifPresent(reason -> finish[0] = reason.asString());
            }));
        }
        assertEquals("get_weather", name[0]);
        assertEquals("{\"city\":\"Paris\"}", arguments.toString());
        assertEquals("tool_calls", finish[0]);
        assertEquals("get_weather", upstream.last().json().at("/tools/0/function/name").asText());
        assertEquals(true, upstream.last().json().get("stream").asBoolean());
    }

    @Test
    void theModelList() {
        List<String> ids = sdk.models().list().data().stream().map(Model::id).toList();
        assertEquals(List.of("gpt-4o", "gpt-4o-2024-08-06"), ids);
    }

    @Test
    void anUnknownModelIsTheSdksNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> sdk.chat().completions().create(
                ChatCompletionCreateParams.builder().model("nope").addUserMessage("x").build()));
        assertEquals(404, e.statusCode());
    }
}

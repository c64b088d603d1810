package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ogem.providers.gemini.GeminiRequestSchema;
import dev.ogem.providers.openai.OpenAiRequestSchema;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two kinds of upstream a Messages request is translated for, each speaking its own protocol to a
 * fake: an OpenAI-protocol server and the Gemini API. Each says how it answers and checks what it received
 * against its provider's schema.
 */
enum TranslatedUpstream {
    /** A custom OpenAI-protocol server. */
    OPENAI("gpt-4o-mini") {
        @Override
        Reply text(String text) {
            return Reply.json(200, """
                    {"id":"chatcmpl-t1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":21,"completion_tokens":4,"total_tokens":25,
                              "prompt_tokens_details":{"cached_tokens":5}}}""".formatted(text));
        }

        @Override
        Reply toolCall() {
            return Reply.json(200, """
                    {"id":"chatcmpl-t2","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
                     "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                        {"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                        "finish_reason":"tool_calls"}],
                     "usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39}}""");
        }

        @Override
        Reply textStream() {
            return Reply.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
                    chunk("{\"content\":\"Hel\"}", "null"), chunk("{\"content\":\"lo!\"}", "null"),
                    chunk("{}", "\"stop\""), Event.data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                            + "\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":3,\"total_tokens\":11}}"),
                    Event.data("[DONE]")));
        }

        @Override
        Reply toolStream() {
            return Reply.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Let me check.\"}", "null"),
                    chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null"),
                    chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", "null"),
                    chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}}]}", "null"),
                    chunk("{}", "\"tool_calls\""), Event.data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                            + "\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,\"total_tokens\":39}}"),
                    Event.data("[DONE]")));
        }

        @Override
        Reply tooManyRequests() {
            return Reply.json(429, """
                    {"error":{"message":"Slow down","type":"rate_limit_error","param":null,"code":null}}""")
                    .withHeader("Retry-After", "7");
        }

        @Override
        JsonNode checkCall(Recorded call) {
            assertEquals("/v1/chat/completions", call.path());
            assertEquals(List.of(), OpenAiRequestSchema.chatViolations(call.json()));
            try {
                ChatCompletionCreateParams.Body body = ObjectMappers.jsonMapper()
                        .readValue(call.body(), ChatCompletionCreateParams.Body.class).validate();
                // The schema leaves the top level open; the SDK's body closes it. It leaves out stream, which
                // it sets itself; every other field is one it models.
                assertEquals(List.of(), body._additionalProperties().keySet().stream()
                        .filter(field -> !field.equals("stream")).toList(), "only fields of the OpenAI schema");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return call.json();
        }

        private static Event chunk(String delta, String finish) {
            return Event.data("""
                    {"id":"chatcmpl-s","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini",\
                    "choices":[{"index":0,"delta":%s,"finish_reason":%s}]}""".formatted(delta, finish));
        }
    },
    /** The Gemini API (AI Studio). */
    GEMINI("gemini-2.5-flash") {
        @Override
        Reply text(String text) {
            return Reply.json(200, """
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},"finishReason":"STOP","index":0}],
                     "modelVersion":"gemini-2.5-flash","responseId":"resp-t1",
                     "usageMetadata":{"promptTokenCount":21,"cachedContentTokenCount":5,"candidatesTokenCount":4,
                                      "totalTokenCount":25}}""".formatted(text));
        }

        @Override
        Reply toolCall() {
            return Reply.json(200, """
                    {"candidates":[{"content":{"role":"model","parts":[
                        {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}]},"finishReason":"STOP","index":0}],
                     "modelVersion":"gemini-2.5-flash","responseId":"resp-t2",
                     "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":9,"totalTokenCount":39}}""");
        }

        @Override
        Reply textStream() {
            return Reply.sse(FakeProvider.sse("gemini/stream-text"));
        }

        @Override
        Reply toolStream() {
            return Reply.sse(FakeProvider.sse("gemini/stream-tool-call"));
        }

        @Override
        Reply tooManyRequests() {
            return Reply.json(429, """
                    {"error":{"code":429,"message":"Slow down","status":"RESOURCE_EXHAUSTED"}}""")
                    .withHeader("Retry-After", "7");
        }

        @Override
        JsonNode checkCall(Recorded call) {
            assertTrue(call.path().startsWith("/v1beta/models/gemini-2.5-flash:"), call.path());
            JsonNode body = call.json();
            assertEquals(List.of(), GeminiRequestSchema.studioViolations(body));
            return body;
        }
    };

    final String model;

    TranslatedUpstream(String model) {
        this.model = model;
    }

    /** A plain answer: the text, finish reason stop, 21 prompt tokens of which 5 cached, 4 completion tokens. */
    abstract Reply text(String text);

    /** A plain answer calling {@code get_weather} for Rome. */
    abstract Reply toolCall();

    /** A stream of text. */
    abstract Reply textStream();

    /** A stream that calls {@code get_weather}. */
    abstract Reply toolStream();

    /** A 429 with {@code Retry-After: 7}. */
    abstract Reply tooManyRequests();

    /** Checks that a call went to the right place and that its body follows the provider's schema. */
    abstract JsonNode checkCall(Recorded call);
}

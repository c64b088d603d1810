package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad client input, generated: request bodies with wrong types, deep nesting, huge strings and chains, invalid
 * UTF-8, odd roles and content parts, negative and huge numbers; odd headers and paths. Sent over real HTTP
 * to a running gateway with a fake upstream, each is answered in bounded time with a 200 or an OpenAI-shaped
 * 4xx, never a 5xx.
 */
class BadClientInputProperties {

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeContainer
    static void start() {
        upstream = FakeUpstream.start().answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "ok")));
        gateway = TestGateway.start("""
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ m ] } }
                """.formatted(upstream.baseUrl()));
    }

    @AfterContainer
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Property(tries = 150)
    void aBodyIsAnsweredWithA200OrAnOpenAiShaped4xx(@ForAll("bodies") byte[] body,
                                                     @ForAll("timeouts") String timeout) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!timeout.isEmpty()) {
            request.header("x-ogem-timeout", timeout);
        }
        check(gateway.send(request.build()));
    }

    @Property(tries = 60)
    void aPathIsAnsweredWithAnOpenAiShaped4xxOr200(@ForAll("paths") String path) throws Exception {
        check(gateway.send(HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TestGateway.KEY).GET().build()));
    }

    private static void check(HttpResponse<String> response) throws Exception {
        int status = response.statusCode();
        assertTrue(status == 200 || status >= 400 && status < 500, status + ": " + response.body());
        if (status != 200) {
            JsonNode error = OpenAiJson.readTree(response.body()).path("error");
            assertTrue(error.path("message").isTextual() && error.path("type").isTextual(), response.body());
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "[]", "{}", "\"\"", "-1", "1e999", "-2147483649", "0.5", "NaN",
                        "\"\\ud800\"", "[null]", "[{}]", "{\"type\":\"zzz\"}"),
                Arbitraries.integers().map(Object::toString),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.strings().ofMaxLength(40).map(s -> OpenAiJson.valueToTree(s).toString()),
                Arbitraries.integers().between(1, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
                Arbitraries.integers().between(1, 200_000).map(n -> "\"" + "m,".repeat(n) + "m\""),
                Arbitraries.integers().between(1, 3_000_000).map(n -> "\"" + "x".repeat(n) + "\""));
        Arbitrary<String> field = Arbitraries.of("model", "messages", "max_tokens", "max_completion_tokens", "n",
                "temperature", "top_p", "stream", "stream_options", "stop", "tools", "tool_choice", "logit_bias",
                "response_format", "reasoning_effort", "seed", "user", "top_logprobs", "logprobs");
        Arbitrary<String> role = Arbitraries.of("user", "system", "assistant", "tool", "developer", "", "zzz");
        Arbitrary<String> content = Arbitraries.oneOf(value, Arbitraries.of("[{\"type\":\"text\",\"text\":\"hi\"}]",
                "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:,\"}}]", "[{\"type\":\"zzz\"}]"));
        Arbitrary<String> message = Arbitraries.oneOf(value,
                Combinators.combine(role, content).as((r, c) ->
                        "{\"role\":\"" + r + "\",\"content\":" + c + "}"));
        Arbitrary<String> object = Combinators.combine(field, value, message.list().ofMaxSize(4))
                .as((f, v, messages) -> "{\"model\":\"m\",\"messages\":[" + String.join(",", messages) + "],\""
                        + f + "\":" + v + "}");
        Arbitrary<byte[]> text = Arbitraries.oneOf(object, value).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> invalidUtf8 = object.map(s -> {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            bytes[bytes.length / 2] = (byte) 0xC3;
            bytes[bytes.length / 2 + 1] = (byte) 0x28;
            return bytes;
        });
        return Arbitraries.frequencyOf(Tuple.of(6, text), Tuple.of(1, invalidUtf8),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)));
    }

    @Provide
    Arbitrary<String> timeouts() {
        return Arbitraries.oneOf(Arbitraries.of("", "", "", "1", "-1", "0", "1e9", "NaN", "3601", "30s", "2h", "abc"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.of("/v1/models", "/v1/status", "/v1/chat/completions", "/v2", "/",
                        "/v1/models/../status", "/%2e%2e/", "/v1//models"),
                Arbitraries.strings().withCharRange('a', 'z').withChars('/', '.', '-', '_').ofMaxLength(60)
                        .map(s -> "/" + s));
    }
}

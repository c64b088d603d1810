package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers and bodies no upstream should see: numbers outside the ranges of OpenAI's API reference, bodies
 * that are not JSON objects and {@code x-ogem-timeout} values out of bounds are 400s naming what is wrong,
 * sent nowhere; an upstream that reports negative token counts is a 502, never a 500.
 */
class ClientNumbersTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        gateway = TestGateway.start("""
                retry_interval: "0"
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ { name: m, tpm: 100000 } ] } }
                """.formatted(upstream.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void answerNormally() {
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion("m", "fine")));
    }

    private static String ask(String extra) {
        return "{\"model\":\"m\"," + MESSAGES + "," + extra + "}";
    }

    @Test
    void numbersOutsideOpenAisRangesAre400sNamingTheField() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("\"max_tokens\":-5", "max_tokens"),
                Map.entry("\"max_tokens\":-2147483648", "max_tokens"),
                Map.entry("\"max_tokens\":0", "max_tokens"),
                Map.entry("\"max_completion_tokens\":-1", "max_completion_tokens"),
                Map.entry("\"n\":-1", "n"),
                Map.entry("\"n\":100000", "n"),
                Map.entry("\"top_logprobs\":-3", "top_logprobs"),
                Map.entry("\"temperature\":-1e308", "temperature"),
                Map.entry("\"temperature\":1e400", "temperature"),
                Map.entry("\"top_p\":1.5", "top_p"),
                Map.entry("\"presence_penalty\":-7", "presence_penalty"),
                Map.entry("\"frequency_penalty\":2.01", "frequency_penalty"),
                Map.entry("\"logit_bias\":{\"42\":-1000}", "logit_bias"));
        int before = upstream.received().size();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", ask(c.getKey()));
            assertEquals(400, response.statusCode(), c.getKey() + " -> " + response.body());
            JsonNode error = OpenAiJson.readTree(response.body()).path("error");
            assertEquals("invalid_request_error", error.path("type").asText(), response.body());
            assertEquals(c.getValue(), error.path("param").asText(), response.body());
        }
        assertEquals(before, upstream.received().size(), "nothing out of range went upstream");
        for (String fine : List.of("\"max_tokens\":1", "\"n\":128", "\"temperature\":0", "\"temperature\":2",
                "\"top_logprobs\":20", "\"logit_bias\":{\"42\":-100}", "\"presence_penalty\":-2")) {
            assertEquals(200, gateway.post("/v1/chat/completions", ask(fine)).statusCode(), fine);
        }
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsA400() throws Exception {
        for (String body : List.of("null", "[]", "[{}]", "\"text\"", "42", "true", "{", "{}{}", "nul")) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", body);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertEquals("invalid_request_error",
                    OpenAiJson.readTree(response.body()).path("error").path("type").asText(), body);
        }
    }

    @Test
    void xOgemTimeoutIsBounded() throws Exception {
        for (String value : List.of("-1", "0", "0s", "abc", "NaN", "Infinity", "1e9", "3601", "61m", "2h",
                "99999999999999999999", "9999999h", "1h0m0.000000001s")) {
            HttpResponse<String> response = withTimeout(value);
            assertEquals(400, response.statusCode(), value + " -> " + response.body());
            JsonNode error = OpenAiJson.readTree(response.body()).path("error");
            assertEquals("x-ogem-timeout", error.path("param").asText(), response.body());
            assertTrue(error.path("message").asText().contains("at most 1h"), response.body());
        }
        for (String value : List.of("1", "0.5", "30s", "3600", "1h", "59m59s")) {
            assertEquals(200, withTimeout(value).statusCode(), value);
        }
    }

    @Test
    void anUpstreamReportingNegativeUsageIsA502() throws Exception {
        String negative = OpenAiFixtures.completion("m", "odd")
                .replace("\"prompt_tokens\":5", "\"prompt_tokens\":-5")
                .replace("\"total_tokens\":7", "\"total_tokens\":-3");
        upstream.answer(r -> Reply.json(200, negative));
        HttpResponse<String> plain = gateway.post("/v1/chat/completions", ask("\"user\":\"negative-usage\""));
        assertEquals(502, plain.statusCode(), plain.body());
        assertFalse(plain.body().contains("Exception"), plain.body());

        upstream.answer(r -> Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("odd")),
                Event.data(OpenAiFixtures.finish("stop")),
                Event.data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":2,\"total_tokens\":-3}}"),
                Event.data("[DONE]"))));
        HttpResponse<String> stream = gateway.post("/v1/chat/completions", ask("\"stream\":true"));
        assertEquals(200, stream.statusCode(), stream.body());
        assertTrue(stream.body().contains("data: {\"error\":"), stream.body());
        assertTrue(stream.body().endsWith("data: [DONE]\n\n"), stream.body());
        assertEquals(1.0, gateway.streamCompletions("error"), "the stream counts as an error");
    }

    private static HttpResponse<String> withTimeout(String value) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY).header("x-ogem-timeout", value)
                .POST(HttpRequest.BodyPublishers.ofString(ask("\"temperature\":0"))).build());
    }
}

package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One row of the upstream-fault table: what the faulty endpoint does, what the client asks (model string,
 * stream or not, deadline), how often, and the one outcome it must get each time, within a bound.
 *
 * @param name        what the row is about
 * @param flaky       the faulty endpoint's behaviour
 * @param refused     whether the faulty endpoint is a port where nothing listens instead
 * @param model       the request's model string ({@code flaky/m}, {@code flaky/m,steady/m}, {@code claude-m})
 * @param stream      whether the request streams
 * @param timeout     the request's {@code x-ogem-timeout}, or null
 * @param times       how many times the request is sent
 * @param outcome     what each answer must be
 * @param within      the bound on each answer's time
 * @param maxFlaky    the most requests the faulty endpoint may receive in all
 * @param steadyUsed  whether the steady endpoint may be asked at all
 */
record FaultCase(String name, FaultyUpstream.Behaviour flaky, boolean refused, String model, boolean stream,
                 String timeout, int times, Outcome outcome, Duration within, int maxFlaky, boolean steadyUsed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static FaultCase of(String name, FaultyUpstream.Behaviour flaky, String model, Outcome outcome) {
        return new FaultCase(name, flaky, false, model, false, null, 1, outcome, Duration.ofSeconds(15),
                Integer.MAX_VALUE, true);
    }

    FaultCase streaming() {
        return new FaultCase(name, flaky, refused, model, true, timeout, times, outcome, within, maxFlaky, steadyUsed);
    }

    FaultCase refusing() {
        return new FaultCase(name, flaky, true, model, stream, timeout, times, outcome, within, maxFlaky, steadyUsed);
    }

    FaultCase timeout(String value) {
        return new FaultCase(name, flaky, refused, model, stream, value, times, outcome, within, maxFlaky, steadyUsed);
    }

    FaultCase repeated(int count, int flakyAtMost) {
        return new FaultCase(name, flaky, refused, model, stream, timeout, count, outcome, within, flakyAtMost,
                steadyUsed);
    }

    FaultCase steadyNeverAsked() {
        return new FaultCase(name, flaky, refused, model, stream, timeout, times, outcome, within, maxFlaky, false);
    }

    String body() {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Override
    public String toString() {
        return name;
    }

    /** What the client must get. */
    sealed interface Outcome {
        void check(HttpResponse<String> response);
    }

    /** A whole answer from this provider (a plain body, or a stream ending in {@code [DONE]}). */
    record Served(String provider) implements Outcome {
        @Override
        public void check(HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(provider, response.headers().firstValue("x-ogem-provider").orElseThrow());
            if (response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
                List<String> data = data(response.body());
                assertEquals("[DONE]", data.getLast());
                String text = String.join("", data.subList(0, data.size() - 1).stream()
                        .map(d -> read(d).path("choices").path(0).path("delta").path("content").asText("")).toList());
                assertEquals(Faults.ANSWER, text);
                assertTrue(data.stream().noneMatch(d -> d.contains("\"error\"")), response.body());
            } else {
                assertEquals(Faults.ANSWER, read(response.body()).at("/choices/0/message/content").asText());
            }
        }
    }

    /** An OpenAI error body with this status and code, its message containing a text. */
    record Refused(int status, String code, String says) implements Outcome {
        @Override
        public void check(HttpResponse<String> response) {
            assertEquals(status, response.statusCode(), response.body());
            JsonNode error = read(response.body()).path("error");
            assertTrue(error.path("message").isTextual() && error.path("type").isTextual(), response.body());
            assertEquals(code, error.path("code").isNull() ? null : error.path("code").asText(), response.body());
            assertTrue(error.path("message").asText().contains(says), response.body());
            if (status == 429) {
                long seconds = Long.parseLong(response.headers().firstValue("retry-after").orElseThrow());
                assertTrue(seconds >= 1 && seconds <= 3600, "Retry-After " + seconds);
            }
        }
    }

    /** A stream that began and ended with an OpenAI error event with this code, then {@code [DONE]}. */
    record StreamError(String code, String says) implements Outcome {
        @Override
        public void check(HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), response.body());
            List<String> data = data(response.body());
            assertTrue(data.size() >= 3, "a chunk, the error, [DONE]: " + response.body());
            assertEquals("[DONE]", data.getLast());
            JsonNode error = read(data.get(data.size() - 2)).path("error");
            assertNotNull(error.get("message"), response.body());
            assertEquals(code, error.path("code").isNull() ? null : error.path("code").asText(), response.body());
            assertTrue(error.path("message").asText().contains(says), response.body());
        }
    }

    private static List<String> data(String sse) {
        return Arrays.stream(sse.split("\n")).filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

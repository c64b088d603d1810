package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /observe/metrics} after a plain answer, a stream, a cache hit and an upstream failure: the
 * Prometheus text says so with the right labels, needs no key, and shows no prompt text.
 */
class MetricsTest {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        upstream.answer(r -> {
            if (r.body().contains("please fail")) {
                return Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
            }
            return r.json().path("stream").asBoolean()
                    ? Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("streamed")), Event.data("[DONE]")))
                    : Reply.json(200, OpenAiFixtures.completion("m", "plain"));
        });
        gateway = TestGateway.start("""
                ping_interval: "0"
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ { name: m, other_names: [alias] } ] } }
                """.formatted(upstream.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void countersMoveWithTheRightLabels() {
        assertEquals(200, gateway.post("/v1/chat/completions", """
                {"model":"alias","messages":[{"role":"user","content":"plain secret prompt"}]}""").statusCode());
        HttpResponse<String> stream = gateway.post("/v1/chat/completions", """
                {"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        assertTrue(stream.body().contains("streamed"), stream.body());
        String cacheable = """
                {"model":"m","temperature":0,"messages":[{"role":"user","content":"cache me"}]}""";
        assertEquals("miss", gateway.post("/v1/chat/completions", cacheable).headers().firstValue("x-ogem-cache")
                .orElseThrow());
        assertEquals("hit", gateway.post("/v1/chat/completions", cacheable).headers().firstValue("x-ogem-cache")
                .orElseThrow());
        HttpResponse<String> failed = gateway.post("/v1/chat/completions", """
                {"model":"m","messages":[{"role":"user","content":"please fail"}]}""");
        assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.body());
        assertEquals(401, gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models")).GET().build()).statusCode());

        // Counts are recorded once a response is on the wire, so a client may read one a moment earlier.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                checkScrape();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    private static void checkScrape() {
        HttpResponse<String> scrape = gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/metrics")).GET().build());
        assertEquals(200, scrape.statusCode(), "open without a key, like health");
        assertTrue(scrape.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        String text = scrape.body();

        assertEquals(4.0, value(text, "ogem_requests_total", "route", "/v1/chat/completions", "status", "2xx",
                "key", "default"), text);
        assertEquals(1.0, value(text, "ogem_requests_total", "route", "/v1/chat/completions", "status", "5xx",
                "key", "default"), text);
        assertEquals(1.0, value(text, "ogem_requests_total", "route", "/v1/models", "status", "4xx", "key", "none"),
                text);
        assertEquals(1.0, value(text, "ogem_completion_duration_seconds_count", "mode", "stream", "outcome", "ok"));
        assertEquals(3.0, value(text, "ogem_completion_duration_seconds_count", "mode", "plain", "outcome", "ok"));
        assertEquals(1.0, value(text, "ogem_completion_duration_seconds_count", "mode", "plain", "outcome", "error"));
        assertEquals(1.0, value(text, "ogem_completion_duration_seconds_bucket", "mode", "stream", "outcome", "ok",
                "le", "+Inf"));
        assertEquals(1.0, value(text, "ogem_cache_lookups_total", "result", "hit"));
        assertEquals(1.0, value(text, "ogem_cache_lookups_total", "result", "miss"));
        assertEquals(3.0, value(text, "ogem_upstream_attempts_total", "provider", "local", "region", "local", "model", "m",
                "outcome", "success"), text);
        assertTrue(value(text, "ogem_upstream_attempts_total", "provider", "local", "region", "local", "model", "m",
                "outcome", "server_error") >= 1.0, text);
        assertEquals(0.0, value(text, "ogem_state_store_degraded", "mode", "memory"), text);
        assertEquals(0.0, value(text, "ogem_state_store_fallbacks_total", "mode", "memory"), text);
        assertEquals(0.0, value(text, "ogem_batch_queued_requests"), text);
        assertEquals(0.0, value(text, "ogem_batch_waiting_callers"), text);
        assertEquals(0.0, value(text, "ogem_batch_batches", "state", "in_progress"), text);
        assertEquals(0.0, value(text, "ogem_batch_submitted_total"), text);
        assertFalse(text.contains("secret") || text.contains(TestGateway.KEY), "no prompt text or key");
    }

    @Test
    void openMetricsWhenAsked() {
        HttpResponse<String> scrape = gateway.send(HttpRequest.newBuilder(gateway.uri("/observe/metrics"))
                .header("Accept", "application/openmetrics-text").GET().build());
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("content-type").orElseThrow().startsWith("application/openmetrics-text"));
        assertTrue(scrape.body().endsWith("# EOF\n"), scrape.body());
    }

    /** The value of the one sample with exactly these labels (name, value pairs); fails when there is none. */
    static double value(String text, String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sampleName = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
            if (!sampleName.equals(name)) {
                continue;
            }
            Map<String, String> found = new TreeMap<>();
            if (brace >= 0) {
                Matcher label = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            if (found.equals(wanted)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        throw new AssertionError("no sample " + name + wanted + " in\n" + text);
    }
}

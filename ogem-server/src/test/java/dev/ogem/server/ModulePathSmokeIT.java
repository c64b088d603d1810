package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the packaged server as users do, {@code java -p ogem-server.jar:libs -m dev.ogem.server},
 * so that a module missing from the runtime graph fails here rather than in production: an
 * OpenAI-protocol completion and stream, a Vertex AI completion with Google credentials from a
 * service-account key file (google-auth and its dependencies are automatic modules), a Claude stream, and
 * {@code /observe/metrics} (Micrometer and the Prometheus client are automatic modules too).
 */
class ModulePathSmokeIT {

    @Test
    void thePackagedServerAnswersOnTheModulePath() throws Exception {
        Path config = Files.createTempFile("ogem-smoke", ".yaml");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (FakeProvider upstream = FakeProvider.start()) {
            upstream.answer(ModulePathSmokeIT::upstreamAnswer);
            Files.writeString(config, """
                    providers:
                      local:
                        base_url: %1$s/v1
                        protocol: openai
                        regions: { local: { models: [ { name: m } ] } }
                      claude:
                        base_url: %1$s
                        regions: { claude: { models: [ claude-sonnet-4-5-20250929 ] } }
                      vertex:
                        base_url: %1$s
                        regions: { us-central1: { models: [ gemini-2.5-flash ] } }
                    """.formatted(upstream.root()));
            Process process = launch(config, port, upstream);
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + port);
                waitForHealth(http, base, process);
                answersOpenAiProtocol(http, base);
                signsWithGoogleAuth(http, base, upstream);
                streamsClaude(http, base, upstream);
                exposesMetrics(http, base);
            } finally {
                process.destroy();
                process.waitFor();
                Files.deleteIfExists(config);
            }
        }
    }

    private static Process launch(Path config, int port, FakeProvider upstream) throws IOException {
        String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main")
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("ogem-smoke", ".log").toFile());
        builder.environment().put("CONFIG_SOURCE", config.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("CLAUDE_API_KEY", "sk-ant-smoke");
        builder.environment().put("GOOGLE_CLOUD_PROJECT", "smoke-project");
        builder.environment().put("GOOGLE_APPLICATION_CREDENTIALS", upstream.keyFile().toString());
        builder.environment().remove("OPEN_GEMINI_API_KEY");
        return builder.start();
    }

    private static void answersOpenAiProtocol(HttpClient http, URI base) 
            throws IOException, InterruptedException {
        HttpResponse<String> plain = http.send(post(base, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode(), plain.body());
        assertTrue(plain.body().contains("plain"));
        HttpResponse<String> streamed = http.send(post(base,
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(streamed.body().contains("streamed") && streamed.body().endsWith("data: [DONE]\n\n"),
                streamed.body());
    }

    private static void signsWithGoogleAuth(HttpClient http, URI base, FakeProvider upstream) 
            throws IOException, InterruptedException {
        // google-auth (an automatic module) signs a JWT with the key file and fetches a token.
        HttpResponse<String> vertex = http.send(post(base, "{\"model\":\"vertex/us-central1/gemini-2.5-flash\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, vertex.statusCode(), vertex.body());
        assertTrue(vertex.body().contains("from vertex"), vertex.body());
        assertEquals("Bearer " + FakeProvider.TOKEN, upstream.lastCall().header("Authorization"));
        assertEquals(1, upstream.tokenGrants());
    }

    private static void streamsClaude(HttpClient http, URI base, FakeProvider upstream) 
            throws IOException, InterruptedException {
        HttpResponse<String> claude = http.send(post(base, "{\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(claude.body().contains("\"content\":\"Hel\"") && claude.body().contains("\"content\":\"lo\"")
                && claude.body().endsWith("data: [DONE]\n\n"),
                claude.body());
        assertEquals("/v1/messages", upstream.lastCall().path());
    }

    private static void exposesMetrics(HttpClient http, URI base) 
            throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertTrue(metrics.body().contains("ogem_upstream_attempts_total{model=\"m\",outcome=\"success\","
                + "provider=\"local\",region=\"local\"} 2"), metrics.body());
        assertTrue(metrics.body().contains("ogem_completion_duration_seconds_bucket{"), metrics.body());
    }

    private static Reply upstreamAnswer(Recorded request) {
        if (request.path().equals("/v1/messages")) {
            return Reply.sse(FakeProvider.sse("anthropic/stream-text"));
        }
        if (request.path().endsWith(":generateContent")) {
            return Reply.json(200, """
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"from vertex"}]},"finishReason":"STOP"}],
                     "usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":2}}""");
        }
        return request.json().path("stream").asBoolean()
                ? Reply.sse(List.of(Event.data(OpenAiFixtures.chunk("streamed")), Event.data("[DONE]")))
                : Reply.json(200, OpenAiFixtures.completion("m", "plain"));
    }

    private static HttpRequest post(URI base, String body) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void waitForHealth(HttpClient http, URI base, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the server exited early");
            try {
                int status = http.send(HttpRequest.newBuilder(base.resolve("/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the packaged server did not become healthy within 60 s");
    }
}

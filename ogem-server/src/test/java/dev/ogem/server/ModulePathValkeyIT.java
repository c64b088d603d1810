package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.ValkeyForTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the packaged server on the module path ({@code java -p ogem-server.jar:libs -m dev.ogem.server})
 * with {@code VALKEY_ENDPOINT} naming a real Valkey server, and admits a completion through it. ogem-quota
 * requires Lettuce and the Netty modules only statically, so Valkey mode works only because the server
 * resolves them; a module missing from that graph fails here, not in a fleet.
 */
class ModulePathValkeyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void thePackagedServerKeepsItsQuotaInValkey() throws Exception {
        Path config = workDir.resolve("config.yaml");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (ValkeyForTests valkey = ValkeyForTests.startOrSkip(); FakeProvider upstream = FakeProvider.start()) {
            upstream.answer(request -> Reply.json(200, OpenAiFixtures.completion("m", "from upstream")));
            Files.writeString(config, """
                    ping_interval: "0"
                    providers:
                      local:
                        base_url: %s/v1
                        protocol: openai
                        regions: { local: { models: [ { name: m, rpm: 5 } ] } }
                    """.formatted(upstream.root()));
            String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-p", modulePath,
                    "-m", "dev.ogem.server/dev.ogem.server.Main")
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("server.log").toFile());
            builder.environment().put("CONFIG_SOURCE", config.toString());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("VALKEY_ENDPOINT", valkey.endpoint());
            builder.environment().remove("OPEN_GEMINI_API_KEY");
            Process process = builder.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + port);
                // A store that could not reach Valkey at start joins it on its own: wait for that, not for a time.
                JsonNode store = awaitConnected(http, base, process);
                assertEquals("valkey", store.path("mode").asText());

                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("from upstream"), answer.body());

                JsonNode status = status(http, base);
                assertFalse(status.path("state_store").path("degraded").asBoolean(), status.toString());
                assertEquals(4, status.path("providers").path("local").path("regions").path("local").path("models")
                        .path(0).path("remaining_rpm").asInt(), "the admission was counted in Valkey: " + status);
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private static JsonNode awaitConnected(HttpClient http, URI base, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the server exited early");
            try {
                last = status(http, base).path("state_store");
                if (!last.path("degraded").asBoolean(true)) {
                    return last;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the packaged server did not reach Valkey within 60 s: " + last);
    }

    private static JsonNode status(HttpClient http, URI base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/status"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}

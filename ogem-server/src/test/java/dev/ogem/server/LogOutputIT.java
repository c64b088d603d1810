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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged server's own output, started on the module path with Valkey (so that Lettuce logs through
 * SLF4J) and asked one completion: every record is one line (text: time, level, logger, message; JSON: an
 * object that parses), start-up prints no warning and nothing from SLF4J about missing providers, and the
 * access line is there without the key or the prompt.
 */
class LogOutputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEXT_LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) \\S+ .*");
    private static final String KEY = "sk-log-test-key-5b1d";
    private static final String PROMPT = "PROMPT-OF-THE-LOG-TEST";

    @TempDir
    Path workDir;

    @Test
    void textLogsAreOneLineARecordAndStartUpIsQuiet() throws Exception {
        List<String> lines = run(Map.of());
        for (String line : lines) {
            assertTrue(TEXT_LINE.matcher(line).matches(), "not a one-line record: " + line + "\nin " + lines);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" INFO dev.ogem.server.Main ogem is listening on port")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(" INFO ogem.access {") && l.contains("\"status\":200")),
                lines.toString());
    }

    @Test
    void jsonLogsParseLineByLine() throws Exception {
        List<String> lines = run(Map.of("LOG_FORMAT", "json"));
        boolean access = false;
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertTrue(record.isObject(), line);
            assertFalse(record.path("level").asText().isEmpty(), line);
            assertFalse(record.path("logger").asText().isEmpty(), line);
            if (record.path("logger").asText().equals("ogem.access")
                    && record.path("route").asText().equals("/v1/chat/completions")) {
                access = true;
                assertEquals(200, record.path("status").asInt(), line);
                assertEquals("default", record.path("key").asText(), line);
                assertEquals("m", record.path("model").asText(), line);
            } else if (!record.path("logger").asText().equals("ogem.access")) {
                assertTrue(record.path("time").asText().endsWith("Z"), line);
                assertTrue(record.has("message"), line);
            }
        }
        assertTrue(access, "an access line: " + lines);
    }

    /** Runs the server, sends one completion, stops it, and returns its output after the common checks. */
    private List<String> run(Map<String, String> env) throws Exception {
        Path log = workDir.resolve("server.log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (ValkeyForTests valkey = ValkeyForTests.startOrSkip(); FakeProvider upstream = FakeProvider.start()) {
            upstream.answer(request -> Reply.json(200, OpenAiFixtures.completion("m", "the answer")));
            Path config = Files.writeString(workDir.resolve("config.yaml"), """
                    ping_interval: "0"
                    providers:
                      local:
                        base_url: %s/v1
                        protocol: openai
                        regions: { local: { models: [ { name: m, rpm: 50 } ] } }
                    """.formatted(upstream.root()));
            String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("CONFIG_SOURCE", config.toString());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("VALKEY_ENDPOINT", valkey.endpoint());
            builder.environment().put("OPEN_GEMINI_API_KEY", KEY);
            builder.environment().remove("LOG_LEVEL");
            builder.environment().remove("LOG_FORMAT");
            builder.environment().putAll(env);
            Process process = builder.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitValkey(base, process);
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                base.resolve("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                awaitLine(log, "ogem.access", process);
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        String output = Files.readString(log);
        assertFalse(output.contains("SLF4J"), output);
        assertFalse(output.contains(KEY), output);
        assertFalse(output.contains(PROMPT), output);
        assertFalse(output.contains("WARNING") || output.contains("SEVERE"), "a quiet start: " + output);
        return output.lines().filter(line -> !line.isEmpty()).toList();
    }

    private static void awaitValkey(URI base, Process process) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the server exited early");
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("/v1/status"))
                        .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200
                        && !JSON.readTree(status.body()).path("state_store").path("degraded").asBoolean(true)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the packaged server did not reach Valkey within 60 s");
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line with " + text + " in " + Files.readString(log));
    }
}

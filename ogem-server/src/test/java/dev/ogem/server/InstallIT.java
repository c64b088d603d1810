package dev.ogem.server;

import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import dev.ogem.quota.testing.ValkeyForTests;
import dev.ogem.server.UnpackedRelease.Result;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the release archive as the README says and runs it: unpacked into an empty folder, started as
 * {@code bin/ogem} through a symlink from another working directory (whose {@code config.yaml} it must
 * find), with no JDK on {@code PATH} and no {@code JAVA_HOME}. Through the runtime image's own JRE it serves
 * an OpenAI-protocol completion and stream, a Claude stream, a Vertex AI call signed by google-auth, a
 * completion from an HTTPS upstream (TLS with EC keys), metrics, and keeps its state in Valkey reached by
 * host name (Lettuce, Netty's DNS resolver); so a JDK module missing from the image fails here. The
 * command line's exit codes are checked on the real process, and SIGTERM must stop the server with status 0.
 */
class InstallIT {

    private static final String GOOD_CONFIG = """
            providers:
              local:
                base_url: %1$s/v1
                protocol: openai
                regions: { local: { models: [ { name: m } ] } }
              secure:
                base_url: %2$s
                protocol: openai
                regions: { secure: { models: [ secure-model ] } }
              claude:
                base_url: %1$s
                regions: { claude: { models: [ claude-sonnet-4-5-20250929 ] } }
              vertex:
                base_url: %1$s
                regions: { us-central1: { models: [ gemini-2.5-flash ] } }
            """;

    @Test
    void theUnpackedArchiveRunsTheGatewayAndItsCommandLine() throws Exception {
        UnpackedRelease release = UnpackedRelease.unpack();
        Path work = Files.createDirectories(release.root().resolve("work"));
        Path links = Files.createDirectories(release.root().resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("ogem"), links.relativize(release.home().resolve("bin/ogem")));
        int port = freePort();
        try (FakeProvider upstream = FakeProvider.start();
             TlsUpstream secure = TlsUpstream.start(release.root());
             ValkeyForTests valkey = ValkeyForTests.startOrSkip()) {
            upstream.answer(InstallIT::upstreamAnswer);
            Files.writeString(work.resolve("config.yaml"), GOOD_CONFIG.formatted(upstream.root(), secure.baseUrl()));
            Map<String, String> environment = new HashMap<>(Map.of(
                    "PORT", Integer.toString(port),
                    "CLAUDE_API_KEY", "sk-ant-install",
                    "GOOGLE_CLOUD_PROJECT", "install-project",
                    "GOOGLE_APPLICATION_CREDENTIALS", upstream.keyFile().toString(),
                    "VALKEY_ENDPOINT", valkey.endpoint().replace("127.0.0.1", "localhost"),
                    "OGEM_JAVA_OPTS", secure.trustOptions() + aotMustBeUsed()));
            Path log = release.root().resolve("ogem.log");
            Process server = release.start(link, work, environment, log);
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + port);
                waitForHealth(http, base, server, log);
                assertServes(http, base, upstream, log);

                Result health = release.run(Map.of("PORT", Integer.toString(port)), "--health-check");
                assertEquals(0, health.status(), health.output());
                assertTrue(health.output().contains("ogem: healthy"), health.output());
            } finally {
                int status = UnpackedRelease.stop(server, Duration.ofSeconds(60));
                assertEquals(0, status, "exit status after SIGTERM; log:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            assertTrue(output.contains("Config loaded from config.yaml") || output.contains("Config loaded from file "
                    + work.resolve("config.yaml").toRealPath()), output);
            assertFalse(output.contains("SEVERE"), output);
        }
        Result closed = release.run(Map.of("PORT", Integer.toString(port)), "--health-check");
        assertEquals(1, closed.status(), closed.output());
        assertCommandLine(release);
        assertSystemdUnit(release);
    }

    /** The unit passes {@code systemd-analyze verify} (where the tool exists) once its paths point at this install. */
    private static void assertSystemdUnit(UnpackedRelease release) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            System.out.println("InstallIT: no systemd-analyze on this machine; the systemd unit is not verified");
            return;
        }
        Path unit = release.root().resolve("ogem.service");
        Files.writeString(unit, Files.readString(release.home().resolve("etc/ogem.service"))
                .replace("/opt/ogem/current", release.home().toString()));
        Process verify = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(1, TimeUnit.MINUTES));
        assertEquals(new Result(0, ""), new Result(verify.exitValue(), output));
    }

    private static void assertServes(HttpClient http, URI base, FakeProvider upstream, Path log) throws Exception {
        HttpResponse<String> plain = http.send(post(base, "m", false), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode(), plain.body());
        assertTrue(plain.body().contains("plain"), plain.body());
        HttpResponse<String> streamed = http.send(post(base, "m", true), HttpResponse.BodyHandlers.ofString());
        assertTrue(streamed.body().contains("streamed") && streamed.body().endsWith("data: [DONE]\n\n"), streamed.body());

        HttpResponse<String> claude = http.send(post(base, "claude-sonnet-4-5-20250929", true), HttpResponse.BodyHandlers.ofString());
        assertTrue(claude.body().contains("\"content\":\"Hel\"") && claude.body().endsWith("data: [DONE]\n\n"), claude.body());
        assertEquals("/v1/messages", upstream.lastCall().path());

        HttpResponse<String> vertex = http.send(post(base, "vertex/us-central1/gemini-2.5-flash", false),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, vertex.statusCode(), vertex.body());
        assertTrue(vertex.body().contains("from vertex"), vertex.body());
        assertEquals("Bearer " + FakeProvider.TOKEN, upstream.lastCall().header("Authorization"));

        HttpResponse<String> tls = http.send(post(base, "secure-model", false), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tls.statusCode(), tls.body() + "\nlog:\n" + Files.readString(log));
        assertTrue(tls.body().contains("over tls"), tls.body());

        assertValkeyConnected(http, base);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("ogem_upstream_attempts_total{model=\"secure-model\",outcome=\"success\","
                + "provider=\"secure\",region=\"secure\"} 1"), metrics.body());
    }

    /**
     * Lettuce and Netty reach Valkey by host name from the image. A connection attempt can time out on a busy
     * machine (ogem then serves from memory and retries), so this waits, bounded, for the connected state.
     */
    private static void assertValkeyConnected(HttpClient http, URI base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(base.resolve("/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"mode\":\"valkey\",\"degraded\":false")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ogem did not reach Valkey within 60 s: " + body);
    }

    private static void assertCommandLine(UnpackedRelease release) throws Exception {
        Result version = release.run(Map.of(), "--version");
        assertEquals(new Result(0, "ogem " + System.getProperty("ogem.version") + "\n"), version);

        Path good = Files.writeString(release.root().resolve("good.yaml"), GOOD_CONFIG.formatted("http://127.0.0.1:9", "https://127.0.0.1:9"));
        Result ok = release.run(Map.of("CLAUDE_API_KEY", "k", "GOOGLE_CLOUD_PROJECT", "p"), "--check-config", good.toString());
        assertEquals(0, ok.status(), ok.output());
        assertTrue(ok.output().contains("ogem: config OK: file " + good.toRealPath() + " (4 providers, 4 regions)"), ok.output());

        Result missingKey = release.run(Map.of("GOOGLE_CLOUD_PROJECT", "p"), "--config", good.toString(), "--check-config");
        assertEquals(1, missingKey.status(), missingKey.output());
        assertTrue(missingKey.output().contains("ogem: config error: ") && missingKey.output().contains("CLAUDE_API_KEY"),
                missingKey.output());

        Path bad = Files.writeString(release.root().resolve("bad.yaml"),
                "providers:\n  local:\n    base_url: http://127.0.0.1:9/v1\n    protocol: grpc\n    regions: { local: { models: [ m ] } }\n");
        Result invalid = release.run(Map.of(), "-check-config=" + bad);
        assertEquals(1, invalid.status(), invalid.output());
        assertTrue(invalid.output().contains("ogem: config error: providers.local.protocol: "), invalid.output());

        Result unknown = release.run(Map.of(), "--listen", "8080");
        assertEquals(2, unknown.status(), unknown.output());
        assertTrue(unknown.output().startsWith("ogem: unknown option '--listen'\n\nUsage: ogem"), unknown.output());

        Result notStarted = release.run(Map.of("CONFIG_SOURCE", bad.toString()));
        assertEquals(1, notStarted.status(), notStarted.output());
        assertTrue(notStarted.output().contains("ogem did not start: providers.local.protocol: "), notStarted.output());
    }

    /** With an AOT cache in the archive, the JVM must be able to use it where the archive was unpacked. */
    private static String aotMustBeUsed() {
        return Boolean.getBoolean("ogem.aot") ? " -XX:AOTMode=on" : "";
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

    private static HttpRequest post(URI base, String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void waitForHealth(HttpClient http, URI base, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the installed server exited early:\n" + read(log));
            try {
                int status = http.send(HttpRequest.newBuilder(base.resolve("/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the installed server did not become healthy within 120 s:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

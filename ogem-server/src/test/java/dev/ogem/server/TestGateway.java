package dev.ogem.server;

import dev.ogem.routing.Router;
import dev.ogem.server.reload.Generations;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real ogem server on a free loopback port, started from a YAML config as Main would. */
final class TestGateway implements AutoCloseable {

    static final String KEY = "test-gateway-key";

    private final GatewayInstance instance;
    private final WebServer server;
    private final Path configFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(GatewayInstance instance, Path configFile) {
        this.instance = instance;
        this.server = instance.server();
        this.configFile = configFile;
    }

    static TestGateway start(String yaml) {
        return start(yaml, Map.of());
    }

    static TestGateway start(String yaml, Map<String, String> extraEnv) {
        try {
            Path file = Files.createTempFile("ogem-test", ".yaml");
            Files.writeString(file, yaml);
            Map<String, String> env = new HashMap<>();
            env.put("CONFIG_SOURCE", file.toString());
            env.put("PORT", "0");
            env.put("OPEN_GEMINI_API_KEY", KEY);
            env.putAll(extraEnv);
            return new TestGateway(Main.launch(env), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + KEY).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    /** The config file the gateway was started from, which it watches. */
    Path configFile() {
        return configFile;
    }

    /** The requests being handled now (a stream counts until its end). */
    int inFlight() {
        return instance.inFlight().count();
    }

    /**
     * Waits (10 s at most) until no request is in flight. A client holds its whole answer a moment before the
     * handler has returned and given back what the request held (its share of the body budget, say).
     */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** The count of stream completions with an outcome ({@code ok}, {@code error}, ...), 0 before the first. */
    double streamCompletions(String outcome) {
        String text = send(HttpRequest.newBuilder(uri("/observe/metrics")).GET().build()).body();
        try {
            return MetricsTest.value(text, "ogem_completion_duration_seconds_count", "mode", "stream", "outcome", outcome);
        } catch (AssertionError none) {
            return 0;
        }
    }

    /** The config generations, to wait for a reload. */
    Generations generations() {
        return instance.generations();
    }

    /** The router of the config in force, for what it reports about endpoints (calls in flight). */
    Router router() {
        return instance.generations().current().router();
    }

    @Override
    public void close() {
        instance.close();
        try {
            Files.deleteIfExists(configFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Build step (JDK 24+): makes the runtime image's AOT cache, {@code lib/ogem.aot} (JEP 483/514/515).
 *
 * <p>Records a training run of {@code bin/ogem} ({@code -XX:AOTMode=record}) against a fake
 * OpenAI-protocol upstream on loopback: start-up, then plain and streamed completions, the model list,
 * health, metrics, status and a few errors; stops it with SIGTERM; then creates the cache from the recording
 * ({@code -XX:AOTMode=create}). Both runs go through the launcher, so the cache holds the JVM options and
 * the module path that {@code bin/ogem} uses. Any failure fails the build.
 *
 * <p>Usage: {@code java AotTraining.java IMAGE_DIR LOG_FILE}
 */
public final class AotTraining {

    private static final String KEY = "aot-training-key";
    private static final Duration READY = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]).toAbsolutePath();
        Path log = Path.of(args[1]).toAbsolutePath();
        Path recording = image.resolve("lib/ogem.aotconf");
        Path cache = image.resolve("lib/ogem.aot");
        Path config = Files.createTempFile("ogem-aot-training", ".yaml");
        HttpServer upstream = fakeUpstream();
        try {
            Files.writeString(config, """
                    retry_interval: "0"
                    ping_interval: "0"
                    providers:
                      training:
                        base_url: http://127.0.0.1:%d/v1
                        protocol: openai
                        regions: { training: { models: [ { name: training-model, other_names: [ t ] } ] } }
                    """.formatted(upstream.getAddress().getPort()));
            int port = freePort();
            Process training = launcher(image, log, "-XX:AOTMode=record -XX:AOTConfiguration=" + recording,
                    Map.of("CONFIG_SOURCE", config.toString(), "PORT", Integer.toString(port), "OPEN_GEMINI_API_KEY", KEY));
            try {
                workload(URI.create("http://127.0.0.1:" + port), training);
            } finally {
                training.destroy();
            }
            if (!training.waitFor(3, TimeUnit.MINUTES) || training.exitValue() != 0) {
                fail("the training run did not stop cleanly on SIGTERM (see " + log + ")");
            }
            // JDK 25 warns at every start that the adapters it cached do not link; leaving them out of the
            // cache costs nothing measurable and keeps the log clean.
            Process create = launcher(image, log, "-XX:AOTMode=create -XX:AOTConfiguration=" + recording
                    + " -XX:AOTCache=" + cache
                    + " -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching -XX:-AOTStubCaching", Map.of());
            if (!create.waitFor(5, TimeUnit.MINUTES) || create.exitValue() != 0 || !Files.isRegularFile(cache)) {
                fail("creating the AOT cache failed (see " + log + ")");
            }
            System.out.println("AOT cache: " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)");
        } finally {
            upstream.stop(0);
            Files.deleteIfExists(config);
            Files.deleteIfExists(recording);
        }
    }

    private static Process launcher(Path image, Path log, String javaOptions, Map<String, String> variables)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(image.resolve("bin/ogem").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
        environment.clear();
        environment.put("PATH", path);
        environment.put("OGEM_JAVA_OPTS", javaOptions);
        environment.putAll(variables);
        return builder.start();
    }

    private static void workload(URI base, Process training) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            long deadline = System.nanoTime() + READY.toNanos();
            while (status(http, get(base, "/observe/health")) != 200) {
                if (!training.isAlive() || System.nanoTime() > deadline) {
                    fail("the training run did not become healthy");
                }
                Thread.sleep(100);
            }
            String plain = "{\"model\":\"t\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
            String streamed = "{\"model\":\"training-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Count\"}]}";
            for (int round = 0; round < 20; round++) {
                expect(200, http, post(base, plain, KEY));
                expect(200, http, post(base, streamed, KEY));
                expect(200, http, get(base, "/v1/models"));
                expect(200, http, get(base, "/v1/status"));
                expect(400, http, post(base, "{\"model\":", KEY));
                expect(404, http, post(base, plain.replace("\"t\"", "\"no-such-model\""), KEY));
                expect(401, http, post(base, plain, "wrong-key"));
            }
            expect(200, http, HttpRequest.newBuilder(base.resolve("/observe/metrics")).build());
        }
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpRequest post(URI base, String body, String key) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static int status(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static void expect(int status, HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            fail(request.uri() + " answered " + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }

    /** Answers chat completions like an OpenAI-protocol server: JSON, or SSE chunks when the body asks to stream. */
    private static HttpServer fakeUpstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"stream\":true")) {
                StringBuilder events = new StringBuilder();
                for (String piece : List.of("One", ", two", ", three.")) {
                    events.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"training-model\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
                }
                events.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"training-model\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
                events.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"training-model\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}\n\n");
                events.append("data: [DONE]\n\n");
                send(exchange, "text/event-stream", events.toString());
            } else {
                send(exchange, "application/json", """
                        {"id":"c1","object":"chat.completion","created":1,"model":"training-model",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi there."},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""");
            }
        });
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void fail(String message) {
        throw new IllegalStateException("AOT training: " + message);
    }
}

package dev.ogem.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ogem.providers.testing.LoopbackServer;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worst input the default limits allow fits the default heap: the packaged server, run with the
 * launcher's JVM options ({@code -Xms32m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}) and the
 * default limits (32 MiB bodies, 64 MiB of bodies in flight), is sent, from 16 clients at once for a while,
 * bodies of the largest size, many of half that size, requests full of inline images, fallback chains and
 * small plain and streamed requests. It never answers 5xx, refuses what the budget cannot hold with 429,
 * is alive afterwards and answers a small request; the GC log gives the largest heap in use.
 */
class HeapBudgetIT {

    private static final int MIB = 1024 * 1024;
    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final Pattern HEAP_AFTER_GC = Pattern.compile("->(\\d+)M\\((\\d+)M\\)");

    @Test
    void theWorstAllowedInputFitsTheDefaultHeapAndTheGatewayKeepsServing() throws Exception {
        Path config = Files.createTempFile("ogem-heap", ".yaml");
        Path gcLog = Files.createTempFile("ogem-heap-gc", ".log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (DiscardingUpstream upstream = new DiscardingUpstream()) {
            Files.writeString(config, """
                    retry_interval: "0"
                    ping_interval: "0"
                    providers:
                      local:
                        base_url: %s
                        protocol: openai
                        regions: { local: { models: [ m, n ] } }
                    """.formatted(upstream.baseUrl()));
            Process process = launch(config, gcLog, port);
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                waitForHealth(http, base, process);
                Map<Integer, Integer> statuses = load(http, base);
                assertTrue(process.isAlive(), "the gateway is alive; GC log:\n" + Files.readString(gcLog));
                assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429), "statuses " + statuses);
                assertTrue(statuses.getOrDefault(200, 0) > 0, "statuses " + statuses);
                HttpResponse<String> after = http.send(post(base, small(false)), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, after.statusCode(), after.body());
                System.out.println("HeapBudgetIT: statuses " + statuses + ", largest heap after a GC "
                        + largestHeapAfterGc(Files.readString(gcLog)) + " MiB of 512");
            } finally {
                process.destroy();
                process.waitFor();
                Files.deleteIfExists(config);
            }
        }
    }

    private static Map<Integer, Integer> load(HttpClient http, URI base) throws Exception {
        // One JSON string holds at most 20,000,000 characters (Jackson's limit; a 400 past it), so the largest
        // body carries two.
        String piece = "x".repeat(16 * MIB - 100);
        String max = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + piece
                + "\"},{\"role\":\"user\",\"content\":\"" + piece + "\"}]}";
        String half = body("m,n", "y".repeat(16 * MIB));
        StringBuilder images = new StringBuilder("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[");
        for (int i = 0; i < 4000; i++) {
            images.append(i == 0 ? "" : ",").append("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;"
                    + "base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"}}");
        }
        String imageBody = images.append("]}]}").toString();
        String chain = body(String.join(",", Collections.nCopies(15, "n")) + ",m", "hello");
        List<String> kinds = List.of(max, max, half, half, half, half, imageBody, imageBody, chain, chain,
                small(false), small(true), small(false), small(true), half, max);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger transportErrors = new AtomicInteger();
        long end = System.nanoTime() + LOAD.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(kinds.size());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (String kind : kinds) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<String> response = http.send(post(base, kind),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.merge(response.statusCode(), 1, Integer::sum);
                            if (response.statusCode() == 429) {
                                Thread.sleep(50);
                            }
                        } catch (IOException e) {
                            transportErrors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, transportErrors.get(), "no connection failed; statuses " + statuses);
        return statuses;
    }

    private static String body(String model, String content) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    private static String small(boolean stream) {
        return "{\"model\":\"m\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static int largestHeapAfterGc(String log) {
        int largest = 0;
        Matcher matcher = HEAP_AFTER_GC.matcher(log);
        while (matcher.find()) {
            largest = Math.max(largest, Integer.parseInt(matcher.group(1)));
        }
        return largest;
    }

    private static Process launch(Path config, Path gcLog, int port) throws IOException {
        String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog,
                "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main")
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("ogem-heap", ".log").toFile());
        builder.environment().put("CONFIG_SOURCE", config.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("OPEN_GEMINI_API_KEY");
        return builder.start();
    }

    private static void waitForHealth(HttpClient http, URI base, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway did not become healthy");
    }

    private static HttpRequest post(URI base, String body) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** An OpenAI-protocol upstream that reads each body and forgets it, so the test's own heap stays small. */
    private static final class DiscardingUpstream extends LoopbackServer {
        @Override
        protected void handle(HttpExchange exchange) throws IOException {
            boolean stream = false;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] head = in.readNBytes(64 * 1024);
                stream = new String(head, StandardCharsets.UTF_8).contains("\"stream\":true");
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (stream) {
                String events = "data: " + OpenAiFixtures.chunk("ok") + "\n\ndata: " + OpenAiFixtures.finish("stop")
                        + "\n\ndata: [DONE]\n\n";
                send(exchange, 200, "text/event-stream", events.getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, "application/json",
                        OpenAiFixtures.completion("m", "ok").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}

package dev.ogem.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ogem.providers.testing.ImageServer;
import dev.ogem.providers.testing.LoopbackServer;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worst input the default limits allow fits the heap: the packaged server, run with the launcher's heap options
 * ({@code -Xms32m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}) and the default limits (32 MiB bodies,
 * 64 MiB of bodies and downloaded images in flight, 20 MiB per image and 24 MiB of images per request), is sent,
 * from 20 clients at once for a while, bodies of the largest size, many of half that size, requests full of inline
 * images, fallback chains, small plain and streamed requests, and requests that make it download the largest images
 * for AI Studio (one of 20 MiB, three of 8 MiB, plain and streamed) from an image server on loopback. It never
 * answers 5xx, refuses what the budget cannot hold with 429, serves requests with downloaded images (their base64
 * reaches the upstream), is alive afterwards and answers a small request; the GC log gives the most heap a full
 * collection left. The same holds with only a smaller {@code -Xmx} given (160 MiB, the README's size for 1,000
 * streams): the defaults shrink with the heap ({@code HeapDefaults}), and the input here with them.
 */
class HeapBudgetIT {

    private static final int MIB = 1024 * 1024;
    private static final Duration LOAD = Duration.ofSeconds(20);
    /** A full collection's line in the GC log, with the heap it left: what was live. */
    private static final Pattern FULL_GC = Pattern.compile("Pause Full \\([^)]*\\) \\d+M->(\\d+)M");

    @ParameterizedTest(name = "-Xmx{0}m")
    @ValueSource(ints = {512, 160})
    void theWorstAllowedInputFitsTheHeapAndTheGatewayKeepsServing(int heapMib) throws Exception {
        double share = heapMib / 512.0;
        Path config = Files.createTempFile("ogem-heap", ".yaml");
        Path gcLog = Files.createTempFile("ogem-heap-gc", ".log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (DiscardingUpstream upstream = new DiscardingUpstream(); ImageServer images = ImageServer.start()) {
            Files.writeString(config, """
                    retry_interval: "0"
                    ping_interval: "0"
                    providers:
                      local:
                        base_url: %s
                        protocol: openai
                        regions: { local: { models: [ m, n ] } }
                      studio:
                        base_url: %s
                        regions: { studio: { models: [ g ] } }
                    """.formatted(upstream.baseUrl(), upstream.root()));
            Process process = launch(config, gcLog, port, heapMib);
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                waitForHealth(http, base, process);
                Map<String, Map<Integer, Integer>> byKind = load(http, base, clients(images, share));
                Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
                byKind.values().forEach(counts -> counts.forEach((status, n) -> statuses.merge(status, n, Integer::sum)));
                assertTrue(process.isAlive(), "the gateway is alive; GC log:\n" + Files.readString(gcLog));
                assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429), "statuses " + byKind);
                assertTrue(statuses.getOrDefault(200, 0) > 0, "statuses " + byKind);
                assertTrue(byKind.entrySet().stream().filter(kind -> kind.getKey().startsWith("download"))
                        .anyMatch(kind -> kind.getValue().getOrDefault(200, 0) > 0), "downloads served: " + byKind);
                assertTrue(upstream.largestStudioBody() > 24 * MIB * share, "the images went upstream inline, as base64: "
                        + upstream.largestStudioBody());
                HttpResponse<String> after = http.send(post(base, small(false)), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, after.statusCode(), after.body());
                System.out.println("HeapBudgetIT: statuses " + byKind + ", "
                        + liveAfterFullGcs(Files.readString(gcLog)) + " of " + heapMib + " MiB");
            } finally {
                process.destroy();
                process.waitFor();
                Files.deleteIfExists(config);
                Files.deleteIfExists(gcLog);
            }
        }
    }

    /** One client of the load: what it sends again and again, and its kind for the report. */
    private record Client(String kind, String body) {
    }

    /** The clients, their sizes those of the default limits at 512 MiB times {@code share}, as the defaults are. */
    private static List<Client> clients(ImageServer images, double share) {
        // One JSON string holds at most 20,000,000 characters (Jackson's limit; a 400 past it), so the largest
        // body carries two.
        int sixteen = (int) (16 * MIB * share);
        String piece = "x".repeat(sixteen - 100);
        String max = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + piece
                + "\"},{\"role\":\"user\",\"content\":\"" + piece + "\"}]}";
        String half = body("m,n", "y".repeat(sixteen));
        StringBuilder inline = new StringBuilder("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[");
        for (int i = 0; i < 4000; i++) {
            inline.append(i == 0 ? "" : ",").append("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;"
                    + "base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"}}");
        }
        String inlineImages = inline.append("]}]}").toString();
        String chain = body(String.join(",", Collections.nCopies(15, "n")) + ",m", "hello");
        int eight = (int) (8 * MIB * share);
        int twelve = (int) (12 * MIB * share);
        String oneLargest = downloads(images, false, (int) (20 * MIB * share));
        String threeOfTheTotal = downloads(images, false, eight, eight, eight);
        String streamed = downloads(images, true, twelve, twelve);
        return List.of(new Client("max", max), new Client("max", max), new Client("max", max),
                new Client("half", half), new Client("half", half), new Client("half", half), new Client("half", half),
                new Client("half", half), new Client("inline images", inlineImages),
                new Client("inline images", inlineImages), new Client("chain", chain), new Client("chain", chain),
                new Client("small", small(false)), new Client("small", small(false)),
                new Client("small stream", small(true)), new Client("small stream", small(true)),
                new Client("download largest", oneLargest), new Client("download largest", oneLargest),
                new Client("download 3 of the total", threeOfTheTotal), new Client("download stream 2", streamed));
    }

    /** A request for AI Studio naming images by URL, which ogem downloads and sends inline. */
    private static String downloads(ImageServer images, boolean stream, int... sizes) {
        StringBuilder parts = new StringBuilder("{\"type\":\"text\",\"text\":\"What are these?\"}");
        for (int size : sizes) {
            parts.append(",{\"type\":\"image_url\",\"image_url\":{\"url\":\"")
                    .append(images.url("/sized.png?bytes=" + size)).append("\"}}");
        }
        return "{\"model\":\"g\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":["
                + parts + "]}]}";
    }

    private static Map<String, Map<Integer, Integer>> load(HttpClient http, URI base, List<Client> clients)
            throws Exception {
        Map<String, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
        AtomicInteger transportErrors = new AtomicInteger();
        long end = System.nanoTime() + LOAD.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (Client client : clients) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<String> response = http.send(post(base, client.body()),
                                    HttpResponse.BodyHandlers.ofString());
                            statuses.computeIfAbsent(client.kind(), kind -> new ConcurrentHashMap<>())
                                    .merge(response.statusCode(), 1, Integer::sum);
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

    /** The most heap a full collection left, and how many ran (a young one leaves the old generation's garbage). */
    private static String liveAfterFullGcs(String log) {
        int largest = 0;
        int collections = 0;
        Matcher matcher = FULL_GC.matcher(log);
        while (matcher.find()) {
            largest = Math.max(largest, Integer.parseInt(matcher.group(1)));
            collections++;
        }
        return "largest heap left by " + collections + " full collections: " + largest + " MiB";
    }

    private static Process launch(Path config, Path gcLog, int port, int heapMib) throws IOException {
        String modulePath = System.getProperty("ogem.jar") + File.pathSeparator + System.getProperty("ogem.libs");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx" + heapMib + "m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + gcLog,
                "-p", modulePath, "-m", "dev.ogem.server/dev.ogem.server.Main")
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("ogem-heap", ".log").toFile());
        builder.environment().put("CONFIG_SOURCE", config.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("OPEN_GEMINI_API_KEY");
        builder.environment().put("GENAI_STUDIO_API_KEY", "studio-key");
        builder.environment().put("OGEM_IMAGE_FETCH_ALLOW_PRIVATE", "true");
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

    /**
     * An upstream that reads each body and forgets it, so the test's own heap stays small: OpenAI's protocol under
     * {@code /v1}, and AI Studio's ({@code :generateContent}, {@code :streamGenerateContent}) for model {@code g},
     * whose largest body it remembers.
     */
    private static final class DiscardingUpstream extends LoopbackServer {

        private static final String GEMINI = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                + "\"ok\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":1,"
                + "\"candidatesTokenCount\":1,\"totalTokenCount\":2}}";

        private final AtomicLong largestStudioBody = new AtomicLong();

        long largestStudioBody() {
            return largestStudioBody.get();
        }

        @Override
        protected void handle(HttpExchange exchange) throws IOException {
            boolean stream;
            long length;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] head = in.readNBytes(64 * 1024);
                stream = new String(head, StandardCharsets.UTF_8).contains("\"stream\":true");
                length = head.length + in.transferTo(OutputStream.nullOutputStream());
            }
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent")) {
                largestStudioBody.accumulateAndGet(length, Math::max);
                if (path.endsWith(":streamGenerateContent")) {
                    send(exchange, 200, "text/event-stream", ("data: " + GEMINI + "\n\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", GEMINI.getBytes(StandardCharsets.UTF_8));
                }
            } else if (stream) {
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

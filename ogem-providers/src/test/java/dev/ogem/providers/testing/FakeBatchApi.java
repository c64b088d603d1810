package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ogem.providers.openai.OpenAiRequestSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
/**
 * A real HTTP server on loopback that behaves like OpenAI's Files + Batches API: multipart upload
 * with {@code purpose=batch}; batch creation with {@code metadata}; listing ({@code GET /v1/batches},
 * newest first, {@code limit} and {@code after}); a status progression over polls
 * ({@code validating → in_progress → finalizing}, then the {@link Ending}); result files as
 * {@link FakeBatchResults} writes them. {@link #hold} keeps batches {@code in_progress}; the
 * {@code fail…} knobs make calls fail as a flaky upstream would. It checks the upload, the creation body,
 * the metadata and each input line against OpenAI's published schemas and records every call; what they
 * broke is in {@link #violations()}, and {@link #close()} fails the test when anything did.
 */
public final class FakeBatchApi extends LoopbackServer {

    /** How batches end. */
    public enum Ending { COMPLETED, EXPIRED, FAILED, CANCELLED }

    /** One call received: method, path, Authorization header. */
    public record Call(String method, String path, String authorization) {
    }

    /**
     * One batch created.
     *
     * @param id          its id
     * @param lines       its input lines
     * @param polls       how often it was retrieved
     * @param inputFileId its input file
     * @param metadata    the metadata it was created with
     * @param createdAt   its {@code created_at}
     * @param status      its last status
     */
    public record Batch(String id, List<JsonNode> lines, AtomicInteger polls, String inputFileId,
                       Map<String, String> metadata, long createdAt, AtomicReference<String> status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROGRESS = List.of("validating", "in_progress", "finalizing");

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final List<Batch> created = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger createFailures = new AtomicInteger();
    private final AtomicInteger downloadFailures = new AtomicInteger();
    private volatile boolean createBeforeFailing;
    private volatile int createFailStatus = 500;
    private volatile Ending ending = Ending.COMPLETED;
    private volatile boolean hold;
    private volatile boolean reportUnfinished = true;
    private volatile int uploadStatus = 200;
    private volatile int listStatus = 200;

    private FakeBatchApi() {
        OpenAiRequestSchema.load();
    }

    /**
     * Starts the server on a free loopback port; its {@link #baseUrl()} is {@code http://127.0.0.1:PORT/v1}.
     *
     * @return the server
     */
    public static FakeBatchApi start() {
        return new FakeBatchApi();
    }

    /** @param value how the following batches end */
    public void ending(Ending value) {
        this.ending = value;
    }

    /** @param value while true, batches stay {@code in_progress} */
    public void hold(boolean value) {
        this.hold = value;
    }

    /** @param status the status of the following uploads; 200 for success */
    public void uploadStatus(int status) {
        this.uploadStatus = status;
    }

    /** @param status the status of the following list calls; 200 for success */
    public void listStatus(int status) {
        this.listStatus = status;
    }

    /**
     * Makes the next creations fail.
     *
     * @param times          how many
     * @param status         their status, such as 500 or 400
     * @param afterCreating  whether the batch is created all the same (the answer is lost, not the work)
     */
    public void failCreates(int times, int status, boolean afterCreating) {
        this.createBeforeFailing = afterCreating;
        this.createFailStatus = status;
        this.createFailures.set(times);
    }

    /** @param times how many of the next file downloads answer 500 */
    public void failDownloads(int times) {
        this.downloadFailures.set(times);
    }

    /** @param value whether an expired or cancelled batch lists its unfinished lines in its error file */
    public void reportUnfinished(boolean value) {
        this.reportUnfinished = value;
    }

    /** @return every call, oldest first */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** @return every batch created, oldest first */
    public List<Batch> created() {
        return List.copyOf(created);
    }

    /** @return what the calls broke of the spec */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Stops the server.
     *
     * @throws AssertionError when a call broke OpenAI's schema
     */
    @Override
    public void close() {
        super.close();
        if (!violations.isEmpty()) {
            throw new AssertionError("Calls to the fake Batch API broke OpenAI's schema: " + violations);
        }
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(method, path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (method.equals("POST") && path.equals("/v1/files")) {
            upload(exchange, body);
        } else if (method.equals("POST") && path.equals("/v1/batches")) {
            create(exchange, JSON.readTree(body));
        } else if (method.equals("GET") && path.equals("/v1/batches")) {
            list(exchange, FakeBatchRequests.query(exchange.getRequestURI().getRawQuery()));
        } else if (method.equals("GET") && path.startsWith("/v1/batches/")) {
            retrieve(exchange, path.substring("/v1/batches/".length()));
        } else if (method.equals("GET") && path.startsWith("/v1/files/") && path.endsWith("/content")) {
            download(exchange, path.substring("/v1/files/".length(), path.length() - "/content".length()));
        } else {
            send(exchange, 404, error("Unknown URL " + path));
        }
    }

    private void upload(HttpExchange exchange, byte[] body) throws IOException {
        if (uploadStatus != 200) {
            send(exchange, uploadStatus, error("The server had an error while processing your request."));
            return;
        }
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        Optional<byte[]> file = FakeBatchRequests.uploadedFile(type, body, violations);
        if (file.isEmpty()) {
            send(exchange, 400, error("a multipart upload with purpose=batch and a file part expected"));
            return;
        }
        String id = "file-in-" + ids.incrementAndGet();
        files.put(id, file.get());
        send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("id", id).put("object", "file")
                .put("bytes", file.get().length).put("created_at", 1).put("filename", "in.jsonl")
                .put("purpose", "batch")));
    }

    private void create(HttpExchange exchange, JsonNode request) throws IOException {
        FakeBatchRequests.checkCreate(request, violations);
        boolean fail = createFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (fail && !createBeforeFailing) {
            send(exchange, createFailStatus, error("The batch could not be created."));
            return;
        }
        String inputFileId = request.path("input_file_id").asText();
        byte[] input = files.get(inputFileId);
        if (input == null || !request.path("endpoint").asText().equals("/v1/chat/completions")
                || !request.path("completion_window").asText().equals("24h")) {
            send(exchange, 400, error("bad batch request"));
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
            JsonNode json = JSON.readTree(line);
            lines.add(json);
            FakeBatchRequests.checkLine(json, customIds, violations);
        }
        int seq = ids.incrementAndGet();
        Batch batch = new Batch("batch_" + seq, lines, new AtomicInteger(), inputFileId,
                FakeBatchRequests.metadata(request, violations),
                System.currentTimeMillis() / 1000 + seq, new AtomicReference<>("validating"));
        batches.put(batch.id(), batch);
        created.add(batch);
        if (fail) {
            send(exchange, createFailStatus, error("The batch could not be created."));
            return;
        }
        send(exchange, 200, JSON.writeValueAsBytes(batchObject(batch)));
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (listStatus != 200) {
            send(exchange, listStatus, error("The server had an error while processing your request."));
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        if (limit < 1 || limit > 100) {
            send(exchange, 400, error("limit must be between 1 and 100"));
            return;
        }
        List<Batch> newestFirst = created().reversed();
        int from = 0;
        if (query.containsKey("after")) {
            from = newestFirst.stream().map(Batch::id).toList().indexOf(query.get("after")) + 1;
        }
        List<Batch> page = newestFirst.subList(Math.min(from, newestFirst.size()),
                Math.min(from + limit, newestFirst.size()));
        ObjectNode json = JSON.createObjectNode().put("object", "list");
        ArrayNode data = json.putArray("data");
        page.forEach(batch -> data.add(batchObject(batch)));
        json.put("has_more", from + limit < newestFirst.size());
        if (!page.isEmpty()) {
            json.put("first_id", page.getFirst().id()).put("last_id", page.getLast().id());
        }
        send(exchange, 200, JSON.writeValueAsBytes(json));
    }

    private void retrieve(HttpExchange exchange, String id) throws IOException {
        Batch batch = batches.get(id);
        if (batch == null) {
            send(exchange, 404, error("No batch " + id));
            return;
        }
        int polls = batch.polls().incrementAndGet();
        String status;
        if (hold) {
            status = "in_progress";
        } else if (polls < PROGRESS.size()) {
            status = PROGRESS.get(polls);
        } else {
            status = ending.name().toLowerCase(Locale.ROOT);
        }
        batch.status().set(status);
        if (!status.equals("failed") && !PROGRESS.contains(status)) {
            FakeBatchResults.Files results = FakeBatchResults.of(batch.lines(), status, reportUnfinished);
            files.put("file-out-" + batch.id(), results.output());
            files.put("file-err-" + batch.id(), results.errors());
        }
        send(exchange, 200, JSON.writeValueAsBytes(batchObject(batch)));
    }

    private void download(HttpExchange exchange, String fileId) throws IOException {
        if (downloadFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 500, error("The server had an error while processing your request."));
            return;
        }
        byte[] content = files.get(fileId);
        send(exchange, content == null ? 404 : 200, content == null ? error("No such file") : content);
    }

    private ObjectNode batchObject(Batch batch) {
        String status = batch.status().get();
        ObjectNode json = JSON.createObjectNode().put("id", batch.id()).put("object", "batch")
                .put("endpoint", "/v1/chat/completions").put("input_file_id", batch.inputFileId())
                .put("completion_window", "24h").put("status", status).put("created_at", batch.createdAt());
        if (files.containsKey("file-out-" + batch.id()) && files.get("file-out-" + batch.id()).length > 0) {
            json.put("output_file_id", "file-out-" + batch.id());
        }
        if (files.containsKey("file-err-" + batch.id()) && files.get("file-err-" + batch.id()).length > 0) {
            json.put("error_file_id", "file-err-" + batch.id());
        }
        if (status.equals("failed")) {
            json.putObject("errors").put("object", "list").putArray("data").addObject()
                    .put("code", "invalid_json_line").put("message", "Line 1 is not valid").put("line", 1);
        }
        ObjectNode metadata = json.putObject("metadata");
        batch.metadata().forEach(metadata::put);
        return json;
    }

    private static byte[] error(String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", "server_error").putNull("param").putNull("code");
        return JSON.writeValueAsBytes(root);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, "application/json", body);
    }
}

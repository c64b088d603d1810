package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that behaves like OpenAI's Files + Batches API: multipart upload
 * with {@code purpose=batch}, batch creation, a status progression over polls
 * ({@code validating → in_progress → finalizing → completed}, or {@code expired}/{@code failed}),
 * output lines written in reverse order, failed lines in an error file; {@link #hold} keeps batches
 * {@code in_progress}. Each request's answer is {@code echo:<model>:<last user message>} with its usage;
 * a message containing {@code reject} fails with a 400 line, one containing {@code broken} with a
 * non-HTTP error line. It checks each input line against the spec and records every call.
 */
public final class FakeBatchApi extends LoopbackServer {

    /** How batches end. */
    public enum Ending { COMPLETED, EXPIRED, FAILED }

    /** One call received: method, path, Authorization header. */
    public record Call(String method, String path, String authorization) {
    }

    /** One batch created: its id and the input lines. */
    public record Batch(String id, List<JsonNode> lines, AtomicInteger polls) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROGRESS = List.of("validating", "in_progress", "finalizing");

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final List<Batch> created = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Ending ending = Ending.COMPLETED;
    private volatile boolean hold;
    private volatile int uploadStatus = 200;

    private FakeBatchApi() {
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

    /** @return every call, oldest first */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** @return every batch created, oldest first */
    public List<Batch> created() {
        return List.copyOf(created);
    }

    /** @return what the input files broke of the spec */
    public List<String> violations() {
        return List.copyOf(violations);
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
        } else if (method.equals("GET") && path.startsWith("/v1/batches/")) {
            retrieve(exchange, path.substring("/v1/batches/".length()));
        } else if (method.equals("GET") && path.startsWith("/v1/files/") && path.endsWith("/content")) {
            byte[] content = files.get(path.substring("/v1/files/".length(), path.length() - "/content".length()));
            send(exchange, content == null ? 404 : 200, content == null ? error("No such file") : content);
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
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        String text = new String(body, StandardCharsets.UTF_8);
        if (!type.startsWith("multipart/form-data") || !text.contains("name=\"purpose\"\r\n\r\nbatch\r\n")) {
            send(exchange, 400, error("purpose=batch multipart expected"));
            return;
        }
        int fileHeader = text.indexOf("name=\"file\"; filename=\"");
        int start = text.indexOf("\r\n\r\n", fileHeader) + 4;
        int end = text.indexOf("\r\n--" + boundary + "--", start);
        if (fileHeader < 0 || end < 0) {
            send(exchange, 400, error("file part expected"));
            return;
        }
        String id = "file-in-" + ids.incrementAndGet();
        files.put(id, text.substring(start, end).getBytes(StandardCharsets.UTF_8));
        send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("id", id).put("object", "file")
                .put("bytes", end - start).put("created_at", 1).put("filename", "in.jsonl").put("purpose", "batch")));
    }

    private void create(HttpExchange exchange, JsonNode request) throws IOException {
        byte[] input = files.get(request.path("input_file_id").asText());
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
            check(json, customIds);
        }
        Batch batch = new Batch("batch_" + ids.incrementAndGet(), lines, new AtomicInteger());
        batches.put(batch.id(), batch);
        created.add(batch);
        send(exchange, 200, JSON.writeValueAsBytes(batchObject(batch, "validating")));
    }

    private void check(JsonNode line, Set<String> customIds) {
        if (!customIds.add(line.path("custom_id").asText())) {
            violations.add("duplicate custom_id " + line.path("custom_id"));
        }
        if (!line.path("method").asText().equals("POST") || !line.path("url").asText().equals("/v1/chat/completions")) {
            violations.add("bad method or url: " + line);
        }
        String model = line.path("body").path("model").asText();
        if (model.isEmpty() || model.contains("@batch") || line.path("body").has("stream")) {
            violations.add("bad body: " + line.path("body"));
        }
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
            status = switch (ending) {
                case COMPLETED -> "completed";
                case EXPIRED -> "expired";
                case FAILED -> "failed";
            };
        }
        ObjectNode json = batchObject(batch, status);
        if (status.equals("completed")) {
            writeResults(batch, json);
        }
        send(exchange, 200, JSON.writeValueAsBytes(json));
    }

    private void writeResults(Batch batch, ObjectNode json) {
        StringBuilder out = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        for (JsonNode line : batch.lines().reversed()) {
            String customId = line.path("custom_id").asText();
            JsonNode messages = line.path("body").path("messages");
            String prompt = messages.path(messages.size() - 1).path("content").asText();
            ObjectNode result = JSON.createObjectNode().put("id", "batch_req_" + customId.hashCode()).put("custom_id", customId);
            if (prompt.contains("reject")) {
                ObjectNode response = result.putObject("response").put("status_code", 400).put("request_id", "req_1");
                response.putObject("body").putObject("error").put("message", "Invalid value for temperature")
                        .put("type", "invalid_request_error").put("param", "temperature").put("code", "invalid_value");
                result.putNull("error");
                errors.append(result).append('\n');
            } else if (prompt.contains("broken")) {
                result.putNull("response");
                result.putObject("error").put("code", "server_error").put("message", "The line could not run");
                errors.append(result).append('\n');
            } else {
                String model = line.path("body").path("model").asText();
                ObjectNode response = result.putObject("response").put("status_code", 200).put("request_id", "req_2");
                ObjectNode body = response.putObject("body").put("id", "chatcmpl-" + customId.hashCode())
                        .put("object", "chat.completion").put("created", 1).put("model", model);
                ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", "echo:" + model + ":" + prompt);
                body.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 2).put("total_tokens", 7);
                result.putNull("error");
                out.append(result).append('\n');
            }
        }
        files.put("file-out-" + batch.id(), out.toString().getBytes(StandardCharsets.UTF_8));
        json.put("output_file_id", "file-out-" + batch.id());
        if (!errors.isEmpty()) {
            files.put("file-err-" + batch.id(), errors.toString().getBytes(StandardCharsets.UTF_8));
            json.put("error_file_id", "file-err-" + batch.id());
        }
    }

    private static ObjectNode batchObject(Batch batch, String status) {
        ObjectNode json = JSON.createObjectNode().put("id", batch.id()).put("object", "batch")
                .put("endpoint", "/v1/chat/completions").put("input_file_id", "file-in")
                .put("completion_window", "24h").put("status", status).put("created_at", 1);
        if (status.equals("failed")) {
            json.putObject("errors").put("object", "list").putArray("data").addObject()
                    .put("code", "invalid_json_line").put("message", "Line 1 is not valid").put("line", 1);
        }
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

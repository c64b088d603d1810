package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenAI Files + Batches server on loopback: {@code POST /v1/files} (multipart,
 * {@code purpose=batch}), {@code POST /v1/batches}, {@code GET /v1/batches/{id}} (validating, then
 * in_progress, then completed; held in_progress while {@link #hold(boolean)} is on), and
 * {@code GET /v1/files/{id}/content}. Each line's answer is {@code echo:<model>:<last user message>},
 * written in reverse order. Records every path called and the Authorization headers.
 */
final class FakeBatchServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> batches = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<List<JsonNode>> created = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean hold;

    private FakeBatchServer(HttpServer server) {
        this.server = server;
    }

    static FakeBatchServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        FakeBatchServer fake = new FakeBatchServer(http);
        http.createContext("/", fake::handle);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return fake;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void hold(boolean value) {
        hold = value;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.add(method + " " + path);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] body = exchange.getRequestBody().readAllBytes();
        try (exchange) {
            if (method.equals("POST") && path.equals("/v1/files")) {
                String id = "file-in-" + ids.incrementAndGet();
                files.put(id, filePart(exchange, new String(body, StandardCharsets.UTF_8)));
                send(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "file")
                        .put("purpose", "batch").put("filename", "in.jsonl").put("bytes", body.length).put("created_at", 1));
            } else if (method.equals("POST") && path.equals("/v1/batches")) {
                List<JsonNode> lines = new ArrayList<>();
                for (String line : files.get(JSON.readTree(body).path("input_file_id").asText()).split("\n")) {
                    lines.add(JSON.readTree(line));
                }
                String id = "batch_" + ids.incrementAndGet();
                batches.put(id, lines);
                polls.put(id, new AtomicInteger());
                created.add(lines);
                send(exchange, 200, batch(id, "validating"));
            } else if (method.equals("GET") && path.startsWith("/v1/batches/")) {
                String id = path.substring("/v1/batches/".length());
                int poll = polls.get(id).incrementAndGet();
                String status = hold || poll < 2 ? "in_progress" : "completed";
                ObjectNode json = batch(id, status);
                if (status.equals("completed")) {
                    files.put("file-out-" + id, output(batches.get(id)));
                    json.put("output_file_id", "file-out-" + id);
                }
                send(exchange, 200, json);
            } else if (method.equals("GET") && path.startsWith("/v1/files/") && path.endsWith("/content")) {
                String id = path.substring("/v1/files/".length(), path.length() - "/content".length());
                byte[] content = files.get(id).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, content.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            } else {
                send(exchange, 404, JSON.createObjectNode().put("error", "no route " + path));
            }
        }
    }

    private static String filePart(HttpExchange exchange, String text) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        if (!text.contains("name=\"purpose\"\r\n\r\nbatch\r\n")) {
            throw new IllegalStateException("purpose=batch expected");
        }
        int start = text.indexOf("\r\n\r\n", text.indexOf("name=\"file\"")) + 4;
        return text.substring(start, text.indexOf("\r\n--" + boundary + "--", start));
    }

    private static String output(List<JsonNode> lines) {
        StringBuilder out = new StringBuilder();
        for (JsonNode line : lines.reversed()) {
            JsonNode messages = line.path("body").path("messages");
            String model = line.path("body").path("model").asText();
            String prompt = messages.path(messages.size() - 1).path("content").asText();
            ObjectNode result = JSON.createObjectNode().put("id", "batch_req_1")
                    .put("custom_id", line.path("custom_id").asText());
            ObjectNode response = result.putObject("response").put("status_code", 200).put("request_id", "req");
            ObjectNode answer = response.putObject("body").put("id", "chatcmpl-1").put("object", "chat.completion")
                    .put("created", 1).put("model", model);
            answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                    .putObject("message").put("role", "assistant").put("content", "echo:" + model + ":" + prompt);
            answer.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 2).put("total_tokens", 7);
            result.putNull("error");
            out.append(result).append('\n');
        }
        return out.toString();
    }

    private static ObjectNode batch(String id, String status) {
        return JSON.createObjectNode().put("id", id).put("object", "batch").put("endpoint", "/v1/chat/completions")
                .put("input_file_id", "file-in").put("completion_window", "24h").put("status", status)
                .put("created_at", 1);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link FakeBatchApi} reads what it is sent, checked against the spec: the multipart upload, the
 * input lines, the batch metadata and a query string. What breaks the spec is added to the violations.
 */
final class FakeBatchRequests {

    private FakeBatchRequests() {
    }

    /** The file part of a {@code purpose=batch} multipart upload; empty when the body is not one. */
    static Optional<byte[]> uploadedFile(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int marker = contentType.indexOf("boundary=");
        if (!contentType.startsWith("multipart/form-data") || marker < 0
                || !text.contains("name=\"purpose\"\r\n\r\nbatch\r\n")) {
            return Optional.empty();
        }
        String boundary = contentType.substring(marker + "boundary=".length());
        int fileHeader = text.indexOf("name=\"file\"; filename=\"");
        int start = text.indexOf("\r\n\r\n", fileHeader) + 4;
        int end = text.indexOf("\r\n--" + boundary + "--", start);
        if (fileHeader < 0 || end < 0) {
            return Optional.empty();
        }
        return Optional.of(text.substring(start, end).getBytes(StandardCharsets.UTF_8));
    }

    /** Checks one input line: a unique {@code custom_id}, POST to chat completions, a plain model, no stream. */
    static void checkLine(JsonNode line, Set<String> customIds, List<String> violations) {
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

    /** The metadata of a create request: at most 16 pairs, keys up to 64 characters, string values up to 512. */
    static Map<String, String> metadata(JsonNode request, List<String> violations) {
        Map<String, String> metadata = new HashMap<>();
        JsonNode json = request.path("metadata");
        if (json.isMissingNode() || json.isNull()) {
            return metadata;
        }
        if (!json.isObject() || json.size() > 16) {
            violations.add("metadata is not an object of at most 16 pairs: " + json);
        }
        json.properties().forEach(e -> {
            if (e.getKey().length() > 64 || !e.getValue().isTextual() || e.getValue().asText().length() > 512) {
                violations.add("bad metadata pair " + e.getKey());
            }
            metadata.put(e.getKey(), e.getValue().asText());
        });
        return metadata;
    }

    /** The parameters of a query string. */
    static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}

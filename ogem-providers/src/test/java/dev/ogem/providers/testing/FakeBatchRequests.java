package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.providers.openai.OpenAiRequestSchema;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link FakeBatchApi} reads what it is sent, checked against the spec: the multipart upload, the
 * input lines, the batch metadata and a query string. What breaks the spec is added to the violations: the
 * upload's fields, the creation body and each line (with its body) are checked against OpenAI's published
 * schemas ({@link OpenAiRequestSchema}).
 */
final class FakeBatchRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIELD_NAME = Pattern.compile("Content-Disposition: form-data; name=\"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);

    private FakeBatchRequests() {
    }

    /**
     * The file part of a {@code purpose=batch} multipart upload; the form's fields are checked against the
     * schema of a file upload.
     *
     * @return the file, or empty when the body is not such an upload
     */
    static Optional<byte[]> uploadedFile(String contentType, byte[] body, List<String> violations) {
        Map<String, String> fields = formFields(contentType, new String(body, StandardCharsets.UTF_8));
        if (!"batch".equals(fields.get("purpose")) || !fields.containsKey("file")) {
            return Optional.empty();
        }
        ObjectNode form = JSON.createObjectNode();
        fields.forEach(form::put);
        OpenAiRequestSchema.fileUploadViolations(form).forEach(v -> violations.add("file upload: " + v));
        return Optional.of(fields.get("file").getBytes(StandardCharsets.UTF_8));
    }

    /** The fields of a {@code multipart/form-data} body by name; empty when it is not one. */
    private static Map<String, String> formFields(String contentType, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        int marker = contentType.indexOf("boundary=");
        if (!contentType.startsWith("multipart/form-data") || marker < 0) {
            return fields;
        }
        String delimiter = "--" + contentType.substring(marker + "boundary=".length());
        for (String part : text.split(Pattern.quote(delimiter))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            Matcher name = FIELD_NAME.matcher(headersEnd < 0 ? "" : part.substring(0, headersEnd));
            if (name.find() && part.endsWith("\r\n")) {
                fields.put(name.group(1), part.substring(headersEnd + 4, part.length() - 2));
            }
        }
        return fields;
    }

    /** Checks one input line: a unique {@code custom_id}, POST to chat completions, a plain model, no stream. */
    static void checkLine(JsonNode line, Set<String> customIds, List<String> violations) {
        if (!customIds.add(line.path("custom_id").asText())) {
            violations.add("duplicate custom_id " + line.path("custom_id"));
        }
        if (!line.path("method").asText().equals("POST") || !line.path("url").asText().equals("/v1/chat/completions")) {
            violations.add("bad method or url: " + line);
        }
        OpenAiRequestSchema.batchLineViolations(line).forEach(v -> violations.add(line.path("custom_id") + ": " + v));
        String model = line.path("body").path("model").asText();
        if (model.isEmpty() || model.contains("@batch") || line.path("body").has("stream")) {
            violations.add("bad body: " + line.path("body"));
        }
    }

    /** Checks a batch creation body against its schema. */
    static void checkCreate(JsonNode request, List<String> violations) {
        OpenAiRequestSchema.batchViolations(request).forEach(v -> violations.add("batch creation: " + v));
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

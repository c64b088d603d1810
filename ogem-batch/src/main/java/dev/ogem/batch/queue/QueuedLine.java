package dev.ogem.batch.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.batch.BatchTarget;
import dev.ogem.providers.OpenAiBatches;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One request as a line of a batch input file, with its request id: the SHA-256 of the target's
 * base URL and the canonical body (keys sorted at every level, {@code model} set to the target's,
 * {@code stream} and {@code stream_options} dropped), so equal requests get equal ids whatever order
 * their fields came in.
 *
 * @param id   the request id, {@code ogem-} and 64 hex digits; also the line's {@code custom_id}
 * @param line the JSONL line, without its newline
 */
public record QueuedLine(String id, byte[] line) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The line of a request.
     *
     * @param target  where it goes
     * @param request the caller's request
     * @return the line and its id
     */
    public static QueuedLine of(BatchTarget target, ChatRequest request) {
        ObjectNode body = OpenAiJson.valueToTree(request);
        body.remove("stream");
        body.remove("stream_options");
        body.put("model", target.model());
        JsonNode canonical = sorted(body);
        byte[] canonicalBytes = OpenAiJson.write(canonical);
        String id = "ogem-" + sha256(target.baseUrl().toString().getBytes(StandardCharsets.UTF_8), canonicalBytes);
        ObjectNode line = NODES.objectNode()
                .put("custom_id", id)
                .put("method", "POST")
                .put("url", OpenAiBatches.CHAT_COMPLETIONS);
        line.set("body", canonical);
        return new QueuedLine(id, OpenAiJson.write(line));
    }

    /**
     * The size this line adds to an input file.
     *
     * @return its bytes plus the newline
     */
    public long size() {
        return line.length + 1L;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            ObjectNode out = NODES.objectNode();
            fields.forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }

    private static String sha256(byte[] first, byte[] second) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(first);
            digest.update((byte) '\n');
            digest.update(second);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

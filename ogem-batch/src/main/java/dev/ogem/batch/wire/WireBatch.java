package dev.ogem.batch.wire;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an OpenAI Batch object this gateway acts on.
 *
 * @param id           the batch id
 * @param state        its status
 * @param outputFileId the file of successful lines, once completed
 * @param errorFileId  the file of failed lines, if any failed
 * @param errors       the first of {@code errors.data[]} as {@code code: message}, empty when none
 */
public record WireBatch(String id, BatchState state, Optional<String> outputFileId, Optional<String> errorFileId,
                        String errors) {

    /**
     * Reads a Batch object.
     *
     * @param json the object
     * @return its parts
     * @throws IllegalArgumentException when it has no {@code id}
     */
    public static WireBatch from(JsonNode json) {
        String id = text(json, "id").orElseThrow(() -> new IllegalArgumentException("batch object without id"));
        BatchState state = BatchState.of(text(json, "status").orElse(""));
        JsonNode first = json.path("errors").path("data").path(0);
        String errors = first.isObject()
                ? text(first, "code").orElse("error") + ": " + text(first, "message").orElse("")
                : "";
        return new WireBatch(id, state, text(json, "output_file_id"), text(json, "error_file_id"), errors);
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }
}

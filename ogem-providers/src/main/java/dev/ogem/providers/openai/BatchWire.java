package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.OpenAiBatches.Job;
import dev.ogem.providers.OpenAiBatches.Page;
import dev.ogem.providers.OpenAiBatches.Result;
import dev.ogem.providers.OpenAiBatches.State;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads what the Batch API answers: a Batch object, and the lines of output and error files,
 * {@code {"id","custom_id","response":{"status_code","request_id","body"},"error"}}. A 200 line is an
 * answer; a non-200 response or an {@code error} object is that request's error.
 */
final class BatchWire {

    private static final Logger LOGGER = Logger.getLogger(BatchWire.class.getName());

    private BatchWire() {
    }

    /**
     * Reads a Batch object.
     *
     * @param json the object
     * @return its parts
     * @throws IllegalArgumentException when it has no {@code id}
     */
    static Job job(JsonNode json) {
        String id = text(json, "id").orElseThrow(() -> new IllegalArgumentException("batch object without id"));
        State state = State.of(text(json, "status").orElse(""));
        JsonNode first = json.path("errors").path("data").path(0);
        String errors = first.isObject()
                ? text(first, "code").orElse("error") + ": " + text(first, "message").orElse("")
                : "";
        Map<String, String> metadata = new LinkedHashMap<>();
        json.path("metadata").properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                metadata.put(e.getKey(), e.getValue().asText());
            }
        });
        JsonNode created = json.path("created_at");
        return new Job(id, state, text(json, "output_file_id"), text(json, "error_file_id"), errors,
                text(json, "input_file_id").orElse(""), metadata,
                created.isIntegralNumber() ? Instant.ofEpochSecond(created.asLong()) : Instant.EPOCH);
    }

    /**
     * Reads a list of batches ({@code {"object":"list","data":[…],"has_more":…}}).
     *
     * @param json the list
     * @return its page
     * @throws IllegalArgumentException when it has no {@code data} array or a batch without id
     */
    static Page page(JsonNode json) {
        JsonNode data = json.path("data");
        if (!data.isArray()) {
            throw new IllegalArgumentException("batch list without data");
        }
        List<Job> jobs = new ArrayList<>(data.size());
        data.forEach(item -> jobs.add(job(item)));
        return new Page(jobs, json.path("has_more").asBoolean(false));
    }

    /**
     * Reads one line of an output or error file.
     *
     * @param line the JSON line
     * @return its result; empty when it cannot be read or names no {@code custom_id}
     */
    static Optional<Result> result(String line) {
        try {
            JsonNode json = OpenAiJson.readTree(line);
            Optional<String> customId = text(json, "custom_id");
            return customId.isEmpty() ? Optional.empty() : Optional.of(result(customId.get(), json));
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.FINE, "unreadable batch result line", e);
            return Optional.empty();
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Result result(String customId, JsonNode json) throws IOException {
        JsonNode response = json.path("response");
        JsonNode error = json.path("error");
        if (response.isObject()) {
            int status = response.path("status_code").asInt(0);
            JsonNode body = response.path("body");
            if (status == 200 && body.isObject()) {
                return new Result(customId, Optional.of(OpenAiJson.treeToValue(body, ChatResponse.class)), Optional.empty());
            }
            if (status != 200) {
                return new Result(customId, Optional.empty(),
                        Optional.of(OpenAiErrors.failed("The batch request", status, body.path("error"))));
            }
        }
        if (error.isObject()) {
            return new Result(customId, Optional.empty(), Optional.of(OpenAiErrors.line(error)));
        }
        return new Result(customId, Optional.empty(), Optional.of(OpenAiErrors.badResponse(
                "The batch request came back with neither an answer nor an error.", Optional.empty())));
    }
}

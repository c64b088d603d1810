package dev.ogem.providers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The output and error files of a {@link FakeBatchApi} batch, in the Batch API's line shape, written in
 * reverse input order. A line asking for {@code reject} fails with a 400 response, one asking for
 * {@code broken} with a non-HTTP error; every other line is answered {@code echo:<model>:<prompt>}. When
 * the batch expired or was cancelled, lines asking for {@code slow} were not run: they go to the error
 * file with {@code batch_expired} or {@code batch_cancelled}, as OpenAI writes them, or are left out
 * of both files when {@code reportUnfinished} is off.
 */
final class FakeBatchResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two files' content; either may be empty. */
    record Files(byte[] output, byte[] errors) {
    }

    private FakeBatchResults() {
    }

    static Files of(List<JsonNode> lines, String status, boolean reportUnfinished) {
        StringBuilder out = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        boolean partial = status.equals("expired") || status.equals("cancelled");
        for (JsonNode line : lines.reversed()) {
            String customId = line.path("custom_id").asText();
            JsonNode messages = line.path("body").path("messages");
            String prompt = messages.path(messages.size() - 1).path("content").asText();
            ObjectNode result = JSON.createObjectNode().put("id", "batch_req_" + customId.hashCode())
                    .put("custom_id", customId);
            if (partial && prompt.contains("slow")) {
                if (reportUnfinished) {
                    result.putNull("response");
                    result.putObject("error").put("code", "batch_" + status).put("message",
                            "This request could not be executed before the batch " + status + ".");
                    errors.append(result).append('\n');
                }
            } else if (prompt.contains("reject")) {
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
                out.append(answer(result, line.path("body").path("model").asText(), customId, prompt)).append('\n');
            }
        }
        return new Files(out.toString().getBytes(StandardCharsets.UTF_8),
                errors.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode answer(ObjectNode result, String model, String customId, String prompt) {
        ObjectNode response = result.putObject("response").put("status_code", 200).put("request_id", "req_2");
        ObjectNode body = response.putObject("body").put("id", "chatcmpl-" + customId.hashCode())
                .put("object", "chat.completion").put("created", 1).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", "echo:" + model + ":" + prompt);
        body.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 2).put("total_tokens", 7);
        result.putNull("error");
        return result;
    }
}

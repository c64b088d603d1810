package dev.ogem.batch.wire;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException.Kind;

/**
 * Collects the lines of a batch's output and error files by {@code custom_id}, never by position:
 * {@code {"id","custom_id","response":{"status_code","request_id","body"},"error"}}. A 200 line is
 * an answer; a non-200 response or an {@code error} object is that request's error.
 */
public final class ResultLines {

    private static final Logger LOGGER = Logger.getLogger(ResultLines.class.getName());

    private final Map<String, Outcome> byCustomId = new ConcurrentHashMap<>();
    private int unreadable;

    /**
     * Reads one line of an output or error file.
     *
     * @param line the JSON line
     */
    public void accept(String line) {
        try {
            JsonNode json = OpenAiJson.readTree(line);
            Optional<String> customId = WireBatch.text(json, "custom_id");
            if (customId.isEmpty()) {
                unreadable++;
                return;
            }
            byCustomId.merge(customId.get(), outcome(json), (first, second) ->
                    first instanceof Outcome.Answered ? first : second);
        } catch (IOException | RuntimeException e) {
            unreadable++;
            LOGGER.log(Level.FINE, "unreadable batch result line", e);
        }
    }

    /**
     * The outcome of one request.
     *
     * @param customId the request's {@code custom_id}
     * @return its outcome, empty when no line named it
     */
    public Optional<Outcome> outcome(String customId) {
        return Optional.ofNullable(byCustomId.get(customId));
    }

    /**
     * Lines that could not be read or named no {@code custom_id}.
     *
     * @return their number
     */
    public int unreadable() {
        return unreadable;
    }

    private static Outcome outcome(JsonNode json) throws IOException {
        JsonNode response = json.path("response");
        JsonNode error = json.path("error");
        if (response.isObject()) {
            int status = response.path("status_code").asInt(0);
            JsonNode body = response.path("body");
            if (status == 200 && body.isObject()) {
                return new Outcome.Answered(OpenAiJson.treeToValue(body, ChatResponse.class));
            }
            if (status != 200) {
                return new Outcome.Failed(WireErrors.http("The batch request", status, body.path("error")));
            }
        }
        if (error.isObject()) {
            return new Outcome.Failed(WireErrors.line(error));
        }
        return new Outcome.Failed(WireErrors.of(Kind.BAD_RESPONSE,
                "The batch request came back with neither an answer nor an error.", Optional.empty()));
    }
}

package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * {@code tool_choice}: {@code "auto"}, {@code "none"}, {@code "required"} or a named function,
 * kept in the JSON form the caller sent.
 *
 * @param json the value as sent
 */
public record ToolChoice(@JsonValue JsonNode json) {

    /**
     * Reads the value as sent.
     *
     * @param json a string or an object
     * @return the choice
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ToolChoice of(JsonNode json) {
        return new ToolChoice(json);
    }

    /**
     * The mode: {@code auto}, {@code none}, {@code required}, or {@code function} for a named function.
     *
     * @return the mode
     */
    public String mode() {
        if (json.isTextual()) {
            return json.asText();
        }
        return json.path("type").asText("function");
    }

    /**
     * The named function, when the choice names one.
     *
     * @return the function name
     */
    public Optional<String> functionName() {
        JsonNode name = json.path("function").path("name");
        return name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }
}

package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call of an assistant turn, or a piece of one in a stream delta.
 *
 * @param index    position among the turn's calls (stream deltas only)
 * @param id       the call id (absent on continuation deltas)
 * @param type     {@code function} (absent on continuation deltas)
 * @param function the function name and arguments
 * @param extra    other fields, kept as sent
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ToolCall(Optional<Integer> index,
                       Optional<String> id,
                       Optional<String> type,
                       Optional<FunctionCall> function,
                       @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public ToolCall {
        index = Optional.ofNullable(index).flatMap(o -> o);
        id = Optional.ofNullable(id).flatMap(o -> o);
        type = Optional.ofNullable(type).flatMap(o -> o);
        function = Optional.ofNullable(function).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A complete function call.
     *
     * @param id        the call id
     * @param name      the function name
     * @param arguments the arguments as a JSON string
     * @return the call
     */
    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(Optional.empty(), Optional.of(id), Optional.of("function"),
                Optional.of(new FunctionCall(Optional.of(name), Optional.of(arguments))), new LinkedHashMap<>());
    }

    /**
     * The first stream delta of a function call: its position, id, type and name, and no arguments yet.
     *
     * @param index the call's position among the turn's calls
     * @param id    the call id
     * @param name  the function name
     * @return the delta
     */
    public static ToolCall streamStart(int index, String id, String name) {
        return new ToolCall(Optional.of(index), Optional.of(id), Optional.of("function"),
                Optional.of(new FunctionCall(Optional.of(name), Optional.of(""))), new LinkedHashMap<>());
    }

    /**
     * A later stream delta of a function call: a piece of its arguments.
     *
     * @param index    the call's position among the turn's calls
     * @param fragment the next piece of the arguments' JSON string
     * @return the delta
     */
    public static ToolCall streamArguments(int index, String fragment) {
        return new ToolCall(Optional.of(index), Optional.empty(), Optional.empty(),
                Optional.of(new FunctionCall(Optional.empty(), Optional.of(fragment))), new LinkedHashMap<>());
    }

    /**
     * This call at a position among the turn's calls, as a stream delta carries it.
     *
     * @param index the position
     * @return the same call with that index
     */
    public ToolCall atIndex(int index) {
        return new ToolCall(Optional.of(index), id, type, function, extra);
    }

    /**
     * A function name and its arguments; in stream deltas either may be absent.
     *
     * @param name      the function name
     * @param arguments the arguments as a JSON string, or a piece of it
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record FunctionCall(Optional<String> name, Optional<String> arguments) {
        /** Normalises absent fields. */
        public FunctionCall {
            name = Optional.ofNullable(name).flatMap(o -> o);
            arguments = Optional.ofNullable(arguments).flatMap(o -> o);
        }
    }
}

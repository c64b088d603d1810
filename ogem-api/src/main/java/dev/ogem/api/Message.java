package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message of a conversation, or the message of a response choice.
 *
 * @param role       system, developer, user, assistant or tool
 * @param content    text or content parts; absent for an assistant turn that only calls tools
 * @param name       participant name
 * @param toolCalls  tool calls of an assistant turn
 * @param toolCallId the call a tool message answers
 * @param refusal    a refusal message
 * @param extra      other fields, kept as sent
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Message(String role,
                      Optional<MessageContent> content,
                      Optional<String> name,
                      @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
                      @JsonProperty("tool_call_id") Optional<String> toolCallId,
                      Optional<String> refusal,
                      @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public Message {
        role = role == null ? "" : role;
        content = Optional.ofNullable(content).flatMap(o -> o);
        name = Optional.ofNullable(name).flatMap(o -> o);
        toolCalls = Lists.orEmpty(toolCalls);
        toolCallId = Optional.ofNullable(toolCallId).flatMap(o -> o);
        refusal = Optional.ofNullable(refusal).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A message with plain text content.
     *
     * @param role the role
     * @param text the text
     * @return the message
     */
    public static Message of(String role, String text) {
        return new Message(role, Optional.of(new MessageContent.Text(text)), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), new LinkedHashMap<>());
    }

    /**
     * An assistant message of a response.
     *
     * @param content   its text or parts, absent when it only calls tools
     * @param toolCalls its tool calls
     * @param extra     other fields, such as {@code reasoning_content}
     * @return the message
     */
    public static Message assistant(Optional<MessageContent> content, List<ToolCall> toolCalls,
                                    Map<String, JsonNode> extra) {
        return new Message("assistant", content, Optional.empty(), toolCalls, Optional.empty(), Optional.empty(), extra);
    }

    /**
     * The text of this message: the string content, or its text parts joined.
     *
     * @return the text, empty when there is none
     */
    public String text() {
        return content.map(MessageContent::text).orElse("");
    }
}

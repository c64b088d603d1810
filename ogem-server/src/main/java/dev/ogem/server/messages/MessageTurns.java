package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ContentPart;
import dev.ogem.api.Message;
import dev.ogem.api.MessageContent;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic {@code system} and {@code messages} → OpenAI messages, for upstreams that do not speak the
 * Messages API.
 *
 * <ul>
 *   <li>{@code system} (a string or text blocks) becomes the first, {@code system}, message;</li>
 *   <li>user blocks: {@code text} → a text part; {@code image} (base64 or URL) → an {@code image_url} part
 *       (base64 as a {@code data:} URI); {@code document} with a base64 PDF → a {@code file} part, with plain
 *       text → a text part; each {@code tool_result} → a {@code tool} message, before the user's other
 *       blocks, its text blocks joined (an error result is prefixed {@code Error: });</li>
 *   <li>assistant blocks: {@code text} → content, {@code tool_use} → a tool call (its input as the
 *       arguments' JSON); {@code thinking} and {@code redacted_thinking} blocks are left out (they are
 *       another model's reasoning, which no OpenAI-protocol upstream takes back);</li>
 *   <li>{@code cache_control} is left out (it changes what an answer costs on Claude, not the answer);
 *       any other block type (server tools' blocks, search results, container uploads, …) is a 400
 *       naming it, since only Claude endpoints take it.</li>
 * </ul>
 */
final class MessageTurns {

    private MessageTurns() {
    }

    static List<Message> translate(JsonNode system, JsonNode messages) {
        List<Message> out = new ArrayList<>();
        if (system.isTextual()) {
            out.add(Message.of("system", system.asText()));
        } else if (system.isArray()) {
            out.add(Message.of("system", texts(system, "system")));
        } else if (!system.isMissingNode() && !system.isNull()) {
            throw CallerException.invalid("'system' must be a string or a list of text blocks.", "system");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            String role = message.path("role").asText("");
            JsonNode content = message.path("content");
            switch (role) {
                case "user" -> user(content, where, out);
                case "assistant" -> out.add(assistant(content, where));
                default -> throw CallerException.invalid("A message's 'role' must be user or assistant.",
                        where + ".role");
            }
        }
        return out;
    }

    private static void user(JsonNode content, String where, List<Message> out) {
        if (content.isTextual()) {
            out.add(Message.of("user", content.asText()));
            return;
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int b = 0; b < blocks(content, where).size(); b++) {
            JsonNode block = content.get(b);
            String at = where + ".content[" + b + "]";
            switch (block.path("type").asText("")) {
                case "text" -> parts.add(ContentPart.text(block.path("text").asText("")));
                case "image" -> parts.add(image(block.path("source"), at));
                case "document" -> parts.add(document(block.path("source"), at));
                case "tool_result" -> out.add(toolResult(block, at));
                default -> throw unsupported(block, at);
            }
        }
        if (!parts.isEmpty()) {
            out.add(new Message("user", Optional.of(new MessageContent.Parts(parts)), Optional.empty(), List.of(),
                    Optional.empty(), Optional.empty(), new LinkedHashMap<>()));
        }
    }

    private static Message assistant(JsonNode content, String where) {
        if (content.isTextual()) {
            return Message.of("assistant", content.asText());
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (int b = 0; b < blocks(content, where).size(); b++) {
            JsonNode block = content.get(b);
            switch (block.path("type").asText("")) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> calls.add(ToolCall.function(block.path("id").asText(""),
                        block.path("name").asText(""), OpenAiJson.writeString(block.path("input"))));
                case "thinking", "redacted_thinking" -> {
                    // another model's reasoning: OpenAI-protocol upstreams take none back
                }
                default -> throw unsupported(block, where + ".content[" + b + "]");
            }
        }
        Optional<MessageContent> body = text.isEmpty() && !calls.isEmpty() ? Optional.empty()
                : Optional.of(new MessageContent.Text(text.toString()));
        return Message.assistant(body, calls, new LinkedHashMap<>());
    }

    private static Message toolResult(JsonNode block, String at) {
        JsonNode content = block.path("content");
        String text = content.isTextual() ? content.asText()
                : content.isArray() ? texts(content, at + ".content") : "";
        if (block.path("is_error").asBoolean(false)) {
            text = "Error: " + text;
        }
        return new Message("tool", Optional.of(new MessageContent.Text(text)), Optional.empty(), List.of(),
                Optional.of(block.path("tool_use_id").asText("")), Optional.empty(), new LinkedHashMap<>());
    }

    private static ContentPart image(JsonNode source, String at) {
        String url = switch (source.path("type").asText("")) {
            case "base64" -> "data:" + source.path("media_type").asText("") + ";base64," + source.path("data").asText("");
            case "url" -> source.path("url").asText("");
            default -> throw CallerException.invalid("Only base64 and url image sources can go to this model.",
                    at + ".source.type");
        };
        return new ContentPart("image_url", Optional.empty(), Optional.of(new ContentPart.ImageUrl(url,
                Optional.empty())), Optional.empty(), Optional.empty(), new LinkedHashMap<>());
    }

    private static ContentPart document(JsonNode source, String at) {
        String type = source.path("type").asText("");
        if (type.equals("text")) {
            return ContentPart.text(source.path("data").asText(""));
        }
        if (type.equals("base64") && source.path("media_type").asText("").equals("application/pdf")) {
            String data = "data:application/pdf;base64," + source.path("data").asText("");
            return new ContentPart("file", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(new ContentPart.FileData(Optional.empty(), Optional.of("document.pdf"), Optional.of(data))),
                    new LinkedHashMap<>());
        }
        throw CallerException.invalid("Only base64 PDF and plain-text documents can go to this model.",
                at + ".source.type");
    }

    private static String texts(JsonNode blocks, String where) {
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < blocks.size(); b++) {
            JsonNode block = blocks.get(b);
            if (!block.path("type").asText("").equals("text")) {
                throw CallerException.invalid("Only text blocks can go to this model here.",
                        where + "[" + b + "].type");
            }
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(block.path("text").asText(""));
        }
        return text.toString();
    }

    private static JsonNode blocks(JsonNode content, String where) {
        if (!content.isArray()) {
            throw CallerException.invalid("A message's 'content' must be a string or a list of blocks.",
                    where + ".content");
        }
        return content;
    }

    private static CallerException unsupported(JsonNode block, String at) {
        return CallerException.invalid("Content blocks of type '" + block.path("type").asText("")
                + "' go only to Claude models.", at + ".type");
    }
}

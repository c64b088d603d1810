package dev.ogem.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ContentPart;
import dev.ogem.api.Message;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ToolCall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI messages → Gemini {@code systemInstruction} and {@code contents}: system and developer
 * messages join the system instruction; {@code assistant} becomes {@code model}; tool calls become
 * {@code functionCall} parts (with the {@code thoughtSignature} their id carries); tool results
 * become {@code functionResponse} parts named after the call they answer; consecutive turns of the
 * same role merge, so parallel tool results form one {@code user} turn.
 */
final class GeminiMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GeminiImages images;

    GeminiMessages(GeminiImages images) {
        this.images = images;
    }

    /**
     * The translated conversation.
     *
     * @param system   the system instruction, if any message gave one
     * @param contents the turns
     */
    record Conversation(Optional<ObjectNode> system, ArrayNode contents) {
    }

    Conversation translate(List<Message> messages) {
        ArrayNode systemParts = NODES.arrayNode();
        ArrayNode contents = NODES.arrayNode();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String at = "messages[" + i + "]";
            switch (message.role()) {
                case "system", "developer" -> nonEmptyText(message.text()).ifPresent(systemParts::add);
                case "user" -> append(contents, "user", userParts(message, at));
                case "assistant" -> append(contents, "model", assistantParts(message, at, callNames));
                case "tool" -> append(contents, "user", List.of(toolResult(message, at, callNames)));
                default -> throw CallerException.invalid("Unsupported message role '" + message.role() + "'.", at + ".role");
            }
        }
        if (contents.isEmpty()) {
            throw CallerException.invalid("The conversation needs at least one user or assistant message.", "messages");
        }
        Optional<ObjectNode> system = Optional.empty();
        if (!systemParts.isEmpty()) {
            ObjectNode instruction = NODES.objectNode();
            instruction.set("parts", systemParts);
            system = Optional.of(instruction);
        }
        return new Conversation(system, contents);
    }

    private List<ObjectNode> userParts(Message message, String at) {
        List<ContentPart> parts = message.content().map(c -> c.parts()).orElse(List.of());
        ArrayList<ObjectNode> out = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            ContentPart part = parts.get(j);
            String where = at + ".content[" + j + "]";
            switch (part.type()) {
                case "text" -> nonEmptyText(part.text().orElse("")).ifPresent(out::add);
                case "image_url" -> out.add(images.image(part.imageUrl()
                        .orElseThrow(() -> CallerException.invalid("image_url is missing.", where)).url(), where + ".image_url"));
                case "input_audio" -> {
                    ContentPart.InputAudio audio = part.inputAudio()
                            .orElseThrow(() -> CallerException.invalid("input_audio is missing.", where));
                    out.add(GeminiImages.inline("audio/" + audio.format(), audio.data()));
                }
                case "file" -> out.add(GeminiImages.dataUri(part.file().flatMap(ContentPart.FileData::fileData)
                        .orElseThrow(() -> CallerException.invalid("Only inline files (file_data) are supported.",
                                where + ".file")), where + ".file.file_data"));
                default -> throw CallerException.invalid("Unsupported content part type '" + part.type() + "'.", where + ".type");
            }
        }
        return out;
    }

    private static List<ObjectNode> assistantParts(Message message, String at, Map<String, String> callNames) {
        ArrayList<ObjectNode> out = new ArrayList<>();
        nonEmptyText(message.text()).ifPresent(out::add);
        for (int j = 0; j < message.toolCalls().size(); j++) {
            ToolCall call = message.toolCalls().get(j);
            String where = at + ".tool_calls[" + j + "]";
            String id = call.id().orElse("");
            String name = call.function().flatMap(ToolCall.FunctionCall::name)
                    .orElseThrow(() -> CallerException.invalid("A tool call needs a function name.", where + ".function.name"));
            callNames.put(id, name);
            ObjectNode part = NODES.objectNode();
            ObjectNode functionCall = part.putObject("functionCall");
            ToolCallIds.upstreamId(id).ifPresent(gid -> functionCall.put("id", gid));
            functionCall.put("name", name);
            functionCall.set("args", arguments(call.function().flatMap(ToolCall.FunctionCall::arguments).orElse(""),
                    where + ".function.arguments"));
            ToolCallIds.signature(id).ifPresent(signature -> part.put("thoughtSignature", signature));
            out.add(part);
        }
        return out;
    }

    private static ObjectNode toolResult(Message message, String at, Map<String, String> callNames) {
        String id = message.toolCallId()
                .orElseThrow(() -> CallerException.invalid("A tool message needs tool_call_id.", at + ".tool_call_id"));
        String name = Optional.ofNullable(callNames.get(id)).or(message::name)
                .orElseThrow(() -> CallerException.invalid("tool_call_id '" + id
                        + "' answers no tool call of an earlier assistant message.", at + ".tool_call_id"));
        ObjectNode part = NODES.objectNode();
        ObjectNode response = part.putObject("functionResponse");
        ToolCallIds.upstreamId(id).ifPresent(gid -> response.put("id", gid));
        response.put("name", name);
        response.putObject("response").put("output", message.text());
        return part;
    }

    private static JsonNode arguments(String json, String param) {
        if (json.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode args = OpenAiJson.readTree(json);
            if (args != null && args.isObject()) {
                return args;
            }
        } catch (JsonProcessingException invalid) {
            // reported below
        }
        throw CallerException.invalid("Tool call arguments must be a JSON object.", param);
    }

    private static Optional<ObjectNode> nonEmptyText(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(NODES.objectNode().put("text", text));
    }

    private static void append(ArrayNode contents, String role, List<ObjectNode> parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        ArrayNode target;
        if (last != null && last.path("role").asText().equals(role)) {
            target = (ArrayNode) last.get("parts");
        } else {
            ObjectNode content = contents.addObject().put("role", role);
            target = content.putArray("parts");
        }
        parts.forEach(target::add);
    }
}

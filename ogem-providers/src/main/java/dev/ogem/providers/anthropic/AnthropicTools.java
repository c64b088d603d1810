package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ResponseFormat;
import dev.ogem.api.Tool;
import dev.ogem.api.ToolChoice;

import java.util.Optional;

/**
 * Tools, {@code tool_choice}, {@code parallel_tool_calls} and {@code response_format}.
 *
 * <p>{@code response_format}: {@code text} is a no-op. {@code json_schema} on the Anthropic API
 * becomes {@code output_config.format} (native structured output). {@code json_object}, and
 * {@code json_schema} on Vertex (which rejects {@code output_config.format}), become a synthetic
 * tool {@value AnthropicWire#JSON_TOOL} whose input schema is the wanted schema; it is forced
 * unless thinking is on or the caller declared tools of its own, and its input comes back as the
 * message {@code content} with finish reason {@code stop}.
 */
final class AnthropicTools {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicTools() {
    }

    /**
     * Adds {@code tools}, {@code tool_choice} and the JSON-mode fields to a body.
     *
     * @param request  the request
     * @param dialect  the host's dialect
     * @param thinking whether thinking is enabled
     * @param body     the body being built
     * @return whether the synthetic JSON tool was added
     */
    static boolean apply(ChatRequest request, Dialect dialect, boolean thinking, ObjectNode body) {
        ArrayNode tools = NODES.arrayNode();
        for (int i = 0; i < request.tools().size(); i++) {
            tools.add(tool(request.tools().get(i), "tools[" + i + "]"));
        }
        ObjectNode choice = request.tools().isEmpty() ? null : request.toolChoice().map(AnthropicTools::choice)
                .orElse(null);
        boolean jsonTool = false;
        ResponseFormat format = request.responseFormat().orElse(null);
        if (format != null && !format.type().equals("text")) {
            JsonNode schema = schema(format);
            if (format.type().equals("json_schema") && dialect.nativeJsonSchema()) {
                body.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", schema);
            } else {
                tools.add(NODES.objectNode().put("name", AnthropicWire.JSON_TOOL)
                        .put("description", "Respond with a JSON object.").set("input_schema", schema));
                jsonTool = true;
                if (!thinking && request.tools().isEmpty()) {
                    choice = NODES.objectNode().put("type", "tool").put("name", AnthropicWire.JSON_TOOL);
                }
            }
        }
        if (request.parallelToolCalls().equals(Optional.of(false)) && !tools.isEmpty()) {
            choice = choice == null ? NODES.objectNode().put("type", "auto") : choice;
            if (!choice.path("type").asText().equals("none")) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (!tools.isEmpty()) {
            body.set("tools", tools);
        }
        if (choice != null) {
            body.set("tool_choice", choice);
        }
        return jsonTool;
    }

    private static ObjectNode tool(Tool tool, String where) {
        Tool.Function function = tool.function().filter(f -> tool.type().equals("function"))
                .orElseThrow(() -> CallerException.invalid("Claude models take tools of type function only.", where));
        ObjectNode out = NODES.objectNode().put("name", function.name());
        function.description().ifPresent(d -> out.put("description", d));
        out.set("input_schema", function.parameters().filter(JsonNode::isObject).<JsonNode>map(JsonNode::deepCopy)
                .orElseGet(AnthropicTools::emptyObjectSchema));
        function.strict().ifPresent(s -> out.put("strict", s));
        return out;
    }

    private static ObjectNode choice(ToolChoice choice) {
        String type = AnthropicWire.TOOL_CHOICES.get(choice.mode());
        if (type == null) {
            throw CallerException.invalid("tool_choice must be auto, none, required or a named function.",
                    "tool_choice");
        }
        ObjectNode out = NODES.objectNode().put("type", type);
        if (type.equals("tool")) {
            out.put("name", choice.functionName().orElseThrow(() -> CallerException.invalid(
                    "tool_choice names no function.", "tool_choice.function.name")));
        }
        return out;
    }

    private static JsonNode schema(ResponseFormat format) {
        return switch (format.type()) {
            case "json_object" -> emptyObjectSchema().put("additionalProperties", true);
            case "json_schema" -> format.jsonSchema().flatMap(ResponseFormat.JsonSchema::schema)
                    .filter(JsonNode::isObject).<JsonNode>map(JsonNode::deepCopy)
                    .orElseThrow(() -> CallerException.invalid("json_schema needs a schema object.",
                            "response_format.json_schema.schema"));
            default -> throw CallerException.invalid("response_format must be text, json_object or json_schema.",
                    "response_format.type");
        };
    }

    private static ObjectNode emptyObjectSchema() {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}

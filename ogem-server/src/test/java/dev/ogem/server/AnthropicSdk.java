package dev.ogem.server;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ThinkingBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;

import java.util.List;
import java.util.Map;

/** The official Anthropic Java SDK pointed at a test gateway, and the requests the Messages tests send. */
final class AnthropicSdk {

    private AnthropicSdk() {
    }

    /** A client of the gateway, authenticated with its key as {@code x-api-key}, without retries. */
    static AnthropicClient client(TestGateway gateway) {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.uri("").toString()).apiKey(TestGateway.KEY)
                .maxRetries(0).build();
    }

    /** The weather tool: one required string parameter, {@code city}. */
    static Tool weatherTool(boolean cached) {
        Tool.Builder tool = Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                        .addRequired("city").build());
        if (cached) {
            tool.cacheControl(CacheControlEphemeral.builder().build());
        }
        return tool.build();
    }

    /** A text block, optionally marked for prompt caching. */
    static ContentBlockParam text(String text, boolean cached) {
        TextBlockParam.Builder block = TextBlockParam.builder().text(text);
        if (cached) {
            block.cacheControl(CacheControlEphemeral.builder().build());
        }
        return ContentBlockParam.ofText(block.build());
    }

    /**
     * A conversation that has been through one tool round: the user asks, the assistant thought (signed)
     * and called the tool, the user sends its result.
     */
    static MessageCreateParams.Builder toolRound(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(2048)
                .addUserMessage("What is the weather in Paris?")
                .addAssistantMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofThinking(ThinkingBlockParam.builder().thinking("I should call the tool.")
                                .signature("sig-abc").build()),
                        ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id("toolu_01").name("get_weather")
                                .input(ToolUseBlockParam.Input.builder()
                                        .putAdditionalProperty("city", JsonValue.from("Paris")).build())
                                .build())))
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId("toolu_01").content("18 degrees, sunny").build())))
                .addTool(weatherTool(false));
    }
}

package dev.ogem.server;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;

import java.util.List;
import java.util.Map;

/** Tool definitions the end-to-end tests send through the OpenAI SDK. */
final class SdkTools {

    private SdkTools() {
    }

    /** {@code get_weather(city)}. */
    static ChatCompletionFunctionTool getWeather() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather")
                .description("Weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build()).build();
    }
}

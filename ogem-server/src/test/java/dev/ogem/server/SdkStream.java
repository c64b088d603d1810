package dev.ogem.server;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;

import java.util.ArrayList;
import java.util.List;

/**
 * What an OpenAI SDK stream delivered, read to its end and closed.
 *
 * @param text     the content of every chunk, joined
 * @param finishes the finish reasons, in order
 * @param usages   the usage objects, in order
 */
record SdkStream(String text, List<String> finishes, List<CompletionUsage> usages) {

    static SdkStream read(StreamResponse<ChatCompletionChunk> stream) {
        StringBuilder text = new StringBuilder();
        List<String> finishes = new ArrayList<>();
        List<CompletionUsage> usages = new ArrayList<>();
        try (stream) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> {
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(reason -> finishes.add(reason.asString()));
                });
                chunk.usage().ifPresent(usages::add);
            });
        }
        return new SdkStream(text.toString(), finishes, usages);
    }
}

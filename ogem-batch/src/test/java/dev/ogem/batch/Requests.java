package dev.ogem.batch;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Message;
import dev.ogem.api.OpenAiJson;

import java.util.List;

/** Small chat requests and a look into answers, for the batch tests. */
final class Requests {
    private Requests() {
    }

    static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o@batch").messages(List.of(Message.of("user", prompt))).build();
    }

    static String text(ChatResponse response) {
        return OpenAiJson.valueToTree(response).at("/choices/0/message/content").asText();
    }
}

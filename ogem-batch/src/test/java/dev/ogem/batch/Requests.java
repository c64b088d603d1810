package dev.ogem.batch;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.OpenAiJson;

/** Small chat requests and a look into answers, for the batch tests. */
final class Requests {
    private Requests() {
    }

    static ChatRequest ask(String prompt) {
        ObjectNode json = OpenAiJson.mapper().createObjectNode().put("model", "gpt-4o@batch");
        json.putArray("messages").addObject().put("role", "user").put("content", prompt);
        try {
            return OpenAiJson.mapper().treeToValue(json, ChatRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(ChatResponse response) {
        return OpenAiJson.mapper().valueToTree(response).at("/choices/0/message/content").asText();
    }
}

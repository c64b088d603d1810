package example.api;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Message;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.Usage;

import java.util.List;
import java.util.Optional;

/** Reads an OpenAI request, forwards it under another model, and writes an OpenAI answer. */
public final class OpenAiShapes {

    private OpenAiShapes() {
    }

    /**
     * Prints what the request asks, the forwarded request and an answer, one per line.
     *
     * @param args none
     * @throws Exception when JSON cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        // README:begin
        String body = """
                {"model": "gpt-4o", "temperature": 0.2, "metadata": {"team": "search"},
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"},
                                                          {"type": "text", "text": " there"}]}]}""";
        ChatRequest request = OpenAiJson.read(body, ChatRequest.class);
        System.out.println(request.model() + " asks: " + request.messages().getLast().text()
                + ", output limit " + request.outputLimit().orElse(1024));
        ChatRequest forwarded = request.withModel("gpt-4o-mini"); // fields ogem does not model ride along
        System.out.println(OpenAiJson.writeString(forwarded));
        ChatResponse answer = ChatResponse.of("chatcmpl-1", 1_700_000_000L, "gpt-4o-mini",
                List.of(ChatResponse.Choice.of(0, Message.of("assistant", "Hi!"), "stop")),
                Optional.of(Usage.of(9, 2)));
        System.out.println(OpenAiJson.writeString(answer));
        // README:end
    }
}

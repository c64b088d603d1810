package dev.ogem.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.WireProtocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The form a chat answer takes in the {@link ResponseCache}: its OpenAI JSON as it is (an upstream's bytes stay
 * its bytes), or, for an answer that also carries an upstream's own answer in another protocol
 * ({@link NativeAnswer}, such as Claude's thinking blocks and their signatures for a Messages caller),
 * {@code {"ogem_native":{"protocol":…,"json":<base64>},"completion":<OpenAI JSON>}}, so that a hit answers
 * with both.
 */
final class CachedChat {

    private static final String NATIVE = "ogem_native";
    private static final String COMPLETION = "completion";
    private static final byte[] ENVELOPE = ("{\"" + NATIVE + "\":").getBytes(StandardCharsets.US_ASCII);

    private CachedChat() {
    }

    /**
     * The JSON an answer is cached as.
     *
     * @param answer the answer
     * @return its JSON, UTF-8
     */
    static byte[] write(ChatAnswer answer) {
        Optional<NativeAnswer> own = answer.isReceived() ? Optional.empty() : answer.response().nativeAnswer();
        if (own.isEmpty()) {
            return answer.json();
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.putObject(NATIVE).put("protocol", own.get().protocol().name())
                .put("json", Base64.getEncoder().encodeToString(own.get().json()));
        envelope.set(COMPLETION, OpenAiJson.valueToTree(answer.response()));
        return OpenAiJson.write(envelope);
    }

    /**
     * A cached answer read back: relayed as stored when it is a whole completion, else read as a record.
     *
     * @param json what {@link #write} made
     * @return the answer
     * @throws IOException when the JSON is not such an answer
     */
    static ChatAnswer read(byte[] json) throws IOException {
        if (json.length > ENVELOPE.length && Arrays.equals(json, 0, ENVELOPE.length, ENVELOPE, 0, ENVELOPE.length)) {
            JsonNode envelope = OpenAiJson.readTree(json);
            JsonNode own = envelope.get(NATIVE);
            NativeAnswer answer = new NativeAnswer(WireProtocol.valueOf(own.get("protocol").asText()),
                    Base64.getDecoder().decode(own.get("json").asText()));
            ChatResponse completion = OpenAiJson.treeToValue(envelope.get(COMPLETION), ChatResponse.class);
            return ChatAnswer.of(completion.withNativeAnswer(answer));
        }
        Optional<ChatAnswer> stored = ChatAnswer.received(json);
        return stored.isPresent() ? stored.get() : ChatAnswer.of(OpenAiJson.read(json, ChatResponse.class));
    }
}

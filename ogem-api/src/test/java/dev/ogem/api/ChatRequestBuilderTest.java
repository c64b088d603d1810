package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRequestBuilderTest {

    @Test
    void aBuiltRequestIsWrittenLikeTheSameRequestRead() throws Exception {
        ChatRequest built = ChatRequest.builder()
                .model("gpt-4o")
                .messages(List.of(Message.of("user", "hi")))
                .temperature(0.5)
                .stream(true)
                .streamOptions(StreamOptions.withUsage())
                .stop(List.of("END"))
                .maxCompletionTokens(20)
                .logitBias(Map.of("42", -1.0))
                .seed(7)
                .reasoningEffort("low")
                .extra("service_tier", TextNode.valueOf("flex"))
                .build();
        ChatRequest read = OpenAiJson.read("""
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":0.5,"stream":true,
                 "stream_options":{"include_usage":true},"stop":["END"],"max_completion_tokens":20,
                 "logit_bias":{"42":-1.0},"seed":7,"reasoning_effort":"low","service_tier":"flex"}
                """, ChatRequest.class);
        assertEquals(OpenAiJson.valueToTree(read), OpenAiJson.valueToTree(built));
        assertEquals(read, built);
    }

    @Test
    void fieldsNeverSetAreAbsent() {
        ChatRequest request = ChatRequest.builder().model("m").build();
        assertEquals("m", request.model());
        assertTrue(request.messages().isEmpty());
        assertTrue(request.temperature().isEmpty());
        assertTrue(request.outputLimit().isEmpty());
        assertFalse(request.streaming());
        assertEquals("{\"model\":\"m\"}", OpenAiJson.writeString(request));
    }

    @Test
    void toBuilderChangesOnlyWhatIsSetAndLeavesTheOriginalAlone() throws Exception {
        ChatRequest original = OpenAiJson.read("""
                {"model":"a","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"vendor":{"x":1}}
                """, ChatRequest.class);
        ChatRequest copy = original.toBuilder().model("b").extra("added", TextNode.valueOf("yes")).build();
        assertEquals("b", copy.model());
        assertEquals(5, copy.maxTokens().orElseThrow());
        assertEquals(1, copy.extra().get("vendor").get("x").asInt());
        assertEquals("yes", copy.extra().get("added").asText());
        assertEquals("a", original.model());
        assertFalse(original.extra().containsKey("added"), "the original's extra fields are not touched");
    }

    @Test
    void withModelAndWithStreamOptionsKeepEverythingElse() throws Exception {
        ChatRequest original = OpenAiJson.read("""
                {"model":"a","messages":[{"role":"user","content":"hi"}],"stream":true,"top_p":0.3,"vendor":true}
                """, ChatRequest.class);
        JsonNode renamed = OpenAiJson.valueToTree(original.withModel("b"));
        JsonNode expected = OpenAiJson.readTree("""
                {"model":"b","messages":[{"role":"user","content":"hi"}],"stream":true,"top_p":0.3,"vendor":true}
                """);
        assertEquals(expected, renamed);
        ChatRequest withUsage = original.withStreamOptions(StreamOptions.withUsage());
        assertTrue(withUsage.streamOptions().orElseThrow().includeUsage().orElseThrow());
        assertEquals(original.topP(), withUsage.topP());
        assertTrue(original.streamOptions().isEmpty());
    }
}

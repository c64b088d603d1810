package dev.ogem.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordFactoriesTest {

    @Test
    void aStreamedToolCallStartsWithItsNameAndEmptyArguments() {
        assertEquals("{\"index\":2,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}",
                OpenAiJson.writeString(ToolCall.streamStart(2, "call_1", "lookup")));
    }

    @Test
    void laterDeltasOfAToolCallCarryOnlyItsIndexAndAPieceOfArguments() {
        assertEquals("{\"index\":2,\"function\":{\"arguments\":\"{\\\"q\\\":\"}}",
                OpenAiJson.writeString(ToolCall.streamArguments(2, "{\"q\":")));
    }

    @Test
    void aCompleteCallAtAnIndexKeepsEverythingElse() {
        ToolCall complete = ToolCall.function("call_1", "lookup", "{}");
        complete.extra().put("x", TextNode.valueOf("kept"));
        ToolCall delta = complete.atIndex(3);
        assertEquals(Optional.of(3), delta.index());
        assertEquals(complete.id(), delta.id());
        assertEquals(complete.type(), delta.type());
        assertEquals(complete.function(), delta.function());
        assertEquals("kept", delta.extra().get("x").asText());
    }

    @Test
    void aModelNamedAloneCountsInItsOwnBucketWithoutLimits() {
        assertEquals(new ModelSpec("m", List.of(), "m", 0, 0), ModelSpec.named("m"));
    }

    @Test
    void aChoiceCarriesTheLogprobsItWasGiven() {
        ObjectNode logprobs = JsonNodeFactory.instance.objectNode();
        logprobs.putArray("content");
        ChatResponse.Choice choice = ChatResponse.Choice.of(1, Message.of("assistant", "hi"), "stop", Optional.of(logprobs));
        assertEquals("{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\","
                + "\"logprobs\":{\"content\":[]}}", OpenAiJson.writeString(choice));
    }

    @Test
    void builtChunksAndResponsesNameTheirObject() {
        assertEquals("chat.completion.chunk", ChatChunk.of("c", 1, "m", List.of()).object());
        assertEquals("chat.completion", ChatResponse.of("c", 1, "m", List.of(), Optional.empty()).object());
    }
}

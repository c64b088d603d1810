package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRequestJsonTest {


    private static final String FULL = """
            {"model":"gpt-4o","messages":[
               {"role":"system","content":"be brief"},
               {"role":"user","content":[{"type":"text","text":"look"},
                                         {"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}},
                                         {"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}},
                                         {"type":"file","file":{"file_id":"file-1"}},
                                         {"type":"future_part","future":{"a":1}}]},
               {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"42","vendor_note":"kept"}],
             "temperature":0,"top_p":0.5,"n":1,"stream":true,"stream_options":{"include_usage":true},
             "stop":"END","max_tokens":10,"max_completion_tokens":20,"seed":7,"logprobs":true,"top_logprobs":2,
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}}],
             "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false,
             "response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object"},"strict":true}},
             "unknown_top":{"nested":[1,2]},"service_tier":"flex"}
            """;

    @Test
    void readsEveryModelledField() throws Exception {
        ChatRequest request = OpenAiJson.read(FULL, ChatRequest.class);
        assertEquals("gpt-4o", request.model());
        assertEquals(4, request.messages().size());
        assertInstanceOf(MessageContent.Text.class, request.messages().get(0).content().orElseThrow());
        MessageContent parts = request.messages().get(1).content().orElseThrow();
        assertEquals("look", parts.text());
        assertEquals("image_url", parts.parts().get(1).type());
        assertEquals("low", parts.parts().get(1).imageUrl().orElseThrow().detail().orElseThrow());
        assertEquals("wav", parts.parts().get(2).inputAudio().orElseThrow().format());
        assertEquals("file-1", parts.parts().get(3).file().orElseThrow().fileId().orElseThrow());
        assertEquals("f", request.messages().get(2).toolCalls().get(0).function().orElseThrow().name().orElseThrow());
        assertEquals(List.of("END"), request.stop());
        assertEquals(20, request.outputLimit().orElseThrow());
        assertEquals("function", request.toolChoice().orElseThrow().mode());
        assertEquals("f", request.toolChoice().orElseThrow().functionName().orElseThrow());
        assertEquals("json_schema", request.responseFormat().orElseThrow().type());
        assertTrue(request.streaming());
        assertTrue(request.streamOptions().orElseThrow().includeUsage().orElseThrow());
    }

    @Test
    void writesUnknownFieldsBackWhereTheyWere() throws Exception {
        ChatRequest request = OpenAiJson.read(FULL, ChatRequest.class);
        JsonNode written = OpenAiJson.valueToTree(request.withModel("gpt-4o-2024-08-06"));
        assertEquals("gpt-4o-2024-08-06", written.get("model").asText());
        assertEquals(2, written.at("/unknown_top/nested/1").asInt());
        assertEquals("flex", written.get("service_tier").asText());
        assertEquals("kept", written.at("/messages/3/vendor_note").asText());
        assertEquals(1, written.at("/messages/1/content/4/future/a").asInt());
        assertEquals("future_part", written.at("/messages/1/content/4/type").asText());
        assertEquals("be brief", written.at("/messages/0/content").asText());
        assertEquals("f", written.at("/tool_choice/function/name").asText());
        assertEquals(0.0, written.get("temperature").asDouble());
        assertTrue(written.at("/messages/2/content").isMissingNode(), "absent content stays absent");
    }

    @Test
    void responsesKeepUnknownFields() throws Exception {
        String body = """
                {"id":"c1","object":"chat.completion","created":1,"model":"m","service_tier":"default",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"hi","annotations":[]},
                             "finish_reason":"stop","logprobs":null}],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,
                          "prompt_tokens_details":{"cached_tokens":1}}}
                """;
        ChatResponse response = OpenAiJson.read(body, ChatResponse.class);
        assertEquals("hi", response.choices().get(0).message().text());
        assertEquals(5, response.usage().orElseThrow().totalTokens());
        JsonNode written = OpenAiJson.valueToTree(response);
        assertEquals("default", written.get("service_tier").asText());
        assertTrue(written.at("/choices/0/message/annotations").isArray());
        assertEquals(1, written.at("/usage/prompt_tokens_details/cached_tokens").asInt());
    }
}

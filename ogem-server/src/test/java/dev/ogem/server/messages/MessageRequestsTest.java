package dev.ogem.server.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ContentPart;
import dev.ogem.api.Message;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.WireProtocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages requests → chat requests: what translates how, and what is refused when it must translate. */
class MessageRequestsTest {

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) OpenAiJson.readTree(json);
    }

    private static ChatRequest read(ObjectNode body, boolean strict) {
        return MessageRequests.read(body, Map.of("anthropic-beta", "b"), NativeRequest.Operation.GENERATE, strict);
    }

    @Test
    void blocksBecomePartsAndToolResultsComeFirst() throws Exception {
        ObjectNode body = body("""
                {"model":"m","max_tokens":50,"system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],
                 "messages":[{"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"t1","is_error":true,"content":[{"type":"text","text":"boom"}]},
                   {"type":"text","text":"See","cache_control":{"type":"ephemeral"}},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}},
                   {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]}],
                 "thinking":{"type":"enabled","budget_tokens":3000},"stream":true}""");

        ChatRequest chat = read(body, true);

        List<Message> messages = chat.messages();
        assertEquals("A\\n\\nB".replace("\\n", "\n"), messages.get(0).text());
        assertEquals("tool", messages.get(1).role());
        assertEquals("t1", messages.get(1).toolCallId().orElseThrow());
        assertEquals("Error: boom", messages.get(1).text());
        List<ContentPart> parts = messages.get(2).content().orElseThrow().parts();
        assertEquals(List.of("text", "image_url", "file"), parts.stream().map(ContentPart::type).toList());
        assertEquals("data:image/png;base64,iVBO", parts.get(1).imageUrl().orElseThrow().url());
        assertEquals("data:application/pdf;base64,JVBE", parts.get(2).file().orElseThrow().fileData().orElseThrow());
        assertEquals("medium", chat.reasoningEffort().orElseThrow());
        assertEquals(50, chat.maxCompletionTokens().orElseThrow());
        assertTrue(chat.streaming());
        assertTrue(chat.streamOptions().orElseThrow().includeUsage().orElseThrow(), "the last message_delta needs usage");
        NativeRequest nativeRequest = chat.nativeRequest().orElseThrow();
        assertSame(body, nativeRequest.body());
        assertEquals(WireProtocol.ANTHROPIC_MESSAGES, nativeRequest.protocol());
        assertEquals("b", nativeRequest.headers().get("anthropic-beta"));
    }

    @Test
    void toolsAndToolChoiceTranslate() throws Exception {
        ChatRequest chat = read(body("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"name":"f","description":"d","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true},
                 "stop_sequences":["X"],"top_k":3,"metadata":{"user_id":"u1"}}"""), true);

        assertEquals("f", chat.tools().getFirst().function().orElseThrow().name());
        assertEquals("f", chat.toolChoice().orElseThrow().functionName().orElseThrow());
        assertEquals(false, chat.parallelToolCalls().orElseThrow());
        assertEquals(List.of("X"), chat.stop());
        assertEquals(3, chat.extra().get("top_k").asInt());
        assertEquals("u1", chat.user().orElseThrow());
    }

    @Test
    void whatOnlyClaudeTakesIsRefusedWhenItMustTranslateAndLeftToClaudeOtherwise() throws Exception {
        ObjectNode body = body("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search"}]}""");

        CallerException refused = assertThrows(CallerException.class, () -> read(body, true));
        assertEquals("tools[0]", refused.param().orElseThrow());
        assertEquals(400, refused.status());

        ChatRequest lenient = read(body, false);
        assertTrue(lenient.tools().isEmpty());
        assertTrue(lenient.messages().getFirst().text().contains("web_search"), "sized by its whole text");
        assertSame(body, lenient.nativeRequest().orElseThrow().body());
    }

    @Test
    void requiredFieldsAreRequiredEitherWay() throws Exception {
        assertEquals("max_tokens", assertThrows(CallerException.class, () -> read(body("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}]}"""), false)).param().orElseThrow());
        assertEquals("messages", assertThrows(CallerException.class, () -> read(body("""
                {"model":"m","max_tokens":1,"messages":[]}"""), false)).param().orElseThrow());
        assertEquals("messages[0].role", assertThrows(CallerException.class, () -> read(body("""
                {"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}"""), true))
                .param().orElseThrow());
        ChatRequest count = MessageRequests.read(body("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}]}"""), Map.of(),
                NativeRequest.Operation.COUNT_TOKENS, true);
        assertTrue(count.outputLimit().isEmpty(), "count_tokens takes no max_tokens");
    }
}

package dev.ogem.providers.openai;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChunkKeysTest {

    private static int keys(String json) {
        return ChunkKeys.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsWhatAChunkCarriesInOnePass() {
        assertEquals(ChunkKeys.CARRIES, keys("""
                {"id":"c","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}"""));
        assertEquals(ChunkKeys.CARRIES, keys("""
                {"choices":[{"delta":{},"finish_reason":"stop"}]}"""));
        assertEquals(ChunkKeys.USAGE | ChunkKeys.CARRIES, keys("""
                {"choices":[],"usage" : {"total_tokens":3}}"""));
        assertEquals(ChunkKeys.ERROR, keys("""
                {"error":{"message":"overloaded","type":"server_error"}}"""));
        for (String name : new String[] {"tool_calls", "reasoning_content", "reasoning", "refusal", "function_call",
                "audio"}) {
            assertEquals(ChunkKeys.CARRIES, keys("{\"choices\":[{\"delta\":{\"" + name + "\":[1]}}]}"), name);
        }
    }

    @Test
    void nullsTextAndLookAlikesCarryNothing() {
        assertEquals(0, keys("""
                {"id":"c","choices":[{"delta":{"role":"assistant"},"finish_reason":null,"logprobs":null}],"usage":null}"""));
        assertEquals(0, keys("""
                {"choices":[{"delta":{"role":"assistant"}}],"x":"content","y":"say \\"usage\\": 1, \\"error\\":2"}"""));
        assertEquals(0, keys("""
                {"contents":1,"errors":2,"usage_":3,"xusage":4}"""));
        assertEquals(0, keys("{\"choices\":[{\"delta\":{\"content"), "a name cut off");
        assertEquals(0, keys(""));
    }

    @Test
    void aNameAtAnyDepthCountsAndSpacingDoesNot() {
        assertEquals(ChunkKeys.ERROR, keys("{\"a\":{\"error\" :\n\t{\"b\":1}}}"));
        assertEquals(ChunkKeys.USAGE | ChunkKeys.CARRIES, keys("{\"usage\":null,\"x\":{\"usage\": 2}}"));
    }
}

package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamChunkTest {

    private static StreamChunk json(String text) {
        return StreamChunk.ofJson(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void receivedJsonIsKeptAsItCameAndParsedOnlyWhenRead() {
        byte[] bytes = "{\"id\":\"c\",\"created\":1,\"choices\":[],\"x\":true}".getBytes(StandardCharsets.UTF_8);
        StreamChunk chunk = StreamChunk.ofJson(bytes);
        assertSame(bytes, chunk.json());
        assertEquals("c", chunk.chunk().id());
        assertTrue(chunk.chunk().extra().get("x").asBoolean());
        assertSame(chunk.chunk(), chunk.chunk(), "parsed once");
    }

    @Test
    void aBuiltChunkIsWrittenOnce() {
        StreamChunk chunk = StreamChunk.of(ChatChunk.ofUsage("c", 1, "m", Usage.of(1, 2)));
        byte[] first = chunk.json();
        assertSame(first, chunk.json());
        assertTrue(new String(first, StandardCharsets.UTF_8).contains("\"total_tokens\":3"));
        assertTrue(chunk.mayCarry("usage"));
        assertFalse(chunk.mayCarry("error"));
    }

    @Test
    void mayCarryFindsKeysWithValuesAndIgnoresNullsAndText() {
        assertTrue(json("{\"usage\":{\"total_tokens\":3}}").mayCarry("usage"));
        assertTrue(json("{\"usage\" :\n {}}").mayCarry("usage"));
        assertTrue(json("{\"a\":{\"usage\":1}}").mayCarry("usage"), "a nested key may be the one: parse to be sure");
        assertFalse(json("{\"usage\":null}").mayCarry("usage"));
        assertFalse(json("{\"usage\" : null, \"b\":1}").mayCarry("usage"));
        assertFalse(json("{\"content\":\"usage\"}").mayCarry("usage"), "a value, not a key");
        assertFalse(json("{\"content\":\"say \\\"usage\\\": 1\"}").mayCarry("usage"), "escaped quotes in text");
        assertFalse(json("{\"usages\":1}").mayCarry("usage"));
        assertTrue(json("{\"usage\":null,\"x\":{\"usage\":2}}").mayCarry("usage"), "any non-null one counts");
    }

    @Test
    void jsonThatIsNotAChunkIsABadResponseWhenRead() {
        StreamChunk chunk = json("{\"choices\":\"none\"}");
        assertArrayEquals("{\"choices\":\"none\"}".getBytes(StandardCharsets.UTF_8), chunk.json(), "relayed as is");
        ProviderException e = assertThrows(ProviderException.class, chunk::chunk);
        assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
    }
}

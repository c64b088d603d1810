package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four shapes of {@code input}, what is refused, and the two vector encodings. */
class EmbeddingInputTest {

    private static EmbeddingInput read(String json) throws IOException {
        return EmbeddingInput.read(OpenAiJson.readTree(json.getBytes()));
    }

    @Test
    void readsTheFourShapesAndWritesThemBackAsSent() throws IOException {
        for (String json : List.of("\"hi\"", "[\"a\",\"b\"]", "[1,2,3]", "[[1,2],[3]]")) {
            assertEquals(json, read(json).json().toString());
        }
        assertEquals(List.of("a", "b"), assertInstanceOf(EmbeddingInput.Texts.class, read("[\"a\",\"b\"]")).texts());
        EmbeddingInput.Tokens single = assertInstanceOf(EmbeddingInput.Tokens.class, read("[1,2,3]"));
        assertEquals(List.of(List.of(1, 2, 3)), single.tokens());
        assertEquals(2, read("[[1,2],[3]]").size());
    }

    @Test
    void refusesWhatOpenAiRefusesNamingTheItem() {
        assertEquals("input", assertThrows(CallerException.class, () -> read("\"\"")).param().orElseThrow());
        assertEquals("input", assertThrows(CallerException.class, () -> read("[]")).param().orElseThrow());
        assertEquals("input", assertThrows(CallerException.class, () -> read("null")).param().orElseThrow());
        assertEquals("input", assertThrows(CallerException.class, () -> read("{\"a\":1}")).param().orElseThrow());
        assertEquals("input[1]", assertThrows(CallerException.class, () -> read("[\"a\",1]")).param().orElseThrow());
        assertEquals("input[1]", assertThrows(CallerException.class, () -> read("[\"a\",\"\"]")).param().orElseThrow());
        assertEquals("input", assertThrows(CallerException.class, () -> read("[1,-2]")).param().orElseThrow());
        assertEquals("input[1]", assertThrows(CallerException.class, () -> read("[[1],[]]")).param().orElseThrow());
        assertEquals("input", assertThrows(CallerException.class, () -> read("[1.5]")).param().orElseThrow());
        String tooMany = "[" + "\"a\",".repeat(EmbeddingInput.MAX_ITEMS) + "\"a\"]";
        CallerException e = assertThrows(CallerException.class, () -> read(tooMany));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void base64IsTheLittleEndianFloatsOpenAiSends() {
        float[] values = {1.0f, -0.5f, 0.25f};
        Embedding base64 = Embedding.of(0, values, true);
        // 1.0f = 0x3F800000, -0.5f = 0xBF000000, 0.25f = 0x3E800000, each little-endian
        assertEquals("AACAPwAAAL8AAIA+", base64.embedding().textValue());
        assertArrayEquals(values, base64.values());
        Embedding floats = Embedding.of(3, values, false);
        assertEquals("[1.0,-0.5,0.25]", floats.embedding().toString());
        assertArrayEquals(values, floats.values());
        assertEquals(3, floats.index());
    }

    @Test
    void aRequestKeepsUnknownFieldsAndTheModelCanBeReplaced() throws IOException {
        EmbeddingRequest request = OpenAiJson.read(("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":8,"
                + "\"encoding_format\":\"base64\",\"user\":\"u\",\"x-extra\":true}").getBytes(), EmbeddingRequest.class);
        assertTrue(request.base64());
        EmbeddingRequest routed = request.withModel("canonical");
        assertEquals("{\"model\":\"canonical\",\"input\":\"x\",\"dimensions\":8,\"encoding_format\":\"base64\","
                + "\"user\":\"u\",\"x-extra\":true}", new String(OpenAiJson.write(routed)));
    }

    @Test
    void theKindOfAModelIsItsNameUnlessConfigured() {
        assertEquals(ModelKind.EMBEDDING, ModelSpec.named("text-embedding-3-small").kind());
        assertEquals(ModelKind.EMBEDDING, ModelSpec.named("nomic-embed-text").kind());
        assertEquals(ModelKind.CHAT, ModelSpec.named("gpt-4o").kind());
        assertEquals(ModelKind.EMBEDDING, new ModelSpec("bge-m3", List.of(), null, 0, 0, ModelKind.EMBEDDING).kind());
        assertEquals(ModelKind.EMBEDDING, ModelKind.ofConfigName("embedding").orElseThrow());
        assertTrue(ModelKind.ofConfigName("vision").isEmpty());
    }
}

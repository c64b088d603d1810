package dev.ogem.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code system_fingerprint} set on answers, on built chunks and in the bytes of relayed chunks. */
class SystemFingerprintTest {

    private static final String FINGERPRINT = "open-gemini/openai/openai/gpt-4o";

    private static JsonNode stamped(String json) throws Exception {
        StreamChunk chunk = StreamChunk.ofJson(json.getBytes(StandardCharsets.UTF_8)).withSystemFingerprint(FINGERPRINT);
        return OpenAiJson.readTree(chunk.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"c\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
        "{\"id\":\"c\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
        "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
        "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"system_fingerprint\":\"fp_1\"}",
        " { \"id\" : \"c\" , \"system_fingerprint\" : \"fp_1\" , \"choices\" : [{\"index\":0,\"delta\":{\"content\":\"hi\"}}] } ",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"id\":\"c\",\"n\":12}",
    })
    void aRelayedChunkCarriesTheFingerprintOnceAndKeepsTheRest(String json) throws Exception {
        JsonNode written = stamped(json);
        assertEquals(FINGERPRINT, written.get("system_fingerprint").asText());
        assertEquals("c", written.get("id").asText());
        assertEquals("hi", written.at("/choices/0/delta/content").asText());
        String text = written.toString();
        assertEquals(text.indexOf("system_fingerprint"), text.lastIndexOf("system_fingerprint"), "one member");
    }

    @Test
    void onlyTheTopLevelMemberChanges() throws Exception {
        String json = """
                {"id":"c","choices":[{"index":0,"delta":{"content":"say \\"system_fingerprint\\":\\"x\\" {"},
                 "system_fingerprint":"nested"}],"system_fingerprint":"fp_top"}""";
        JsonNode written = stamped(json);
        assertEquals(FINGERPRINT, written.get("system_fingerprint").asText());
        assertEquals("nested", written.at("/choices/0/system_fingerprint").asText());
        assertEquals("say \"system_fingerprint\":\"x\" {", written.at("/choices/0/delta/content").asText());
    }

    @Test
    void oneStampForAWholeStreamSetsItOnRelayedAndBuiltChunksAlike() throws Exception {
        UnaryOperator<StreamChunk> stamp = StreamChunk.systemFingerprint(FINGERPRINT);
        String relayed = "{\"id\":\"c\", \"system_fingerprint\":\"fp_1\" ,\"choices\":[]}";
        StreamChunk first = stamp.apply(StreamChunk.ofJson(relayed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(relayed.replace("\"fp_1\"", "\"" + FINGERPRINT + "\""),
                new String(first.json(), StandardCharsets.UTF_8), "set in the bytes, nothing else moved");
        StreamChunk second = stamp.apply(StreamChunk.of(ChatChunk.of("c", 1, "m", List.of())));
        assertEquals(Optional.of(FINGERPRINT), second.chunk().systemFingerprint());
    }

    @Test
    void anEmptyObjectGetsTheMember() throws Exception {
        assertEquals(FINGERPRINT, stamped("{}").get("system_fingerprint").asText());
    }

    @Test
    void aChunkThatIsNoObjectIsABadResponse() {
        ProviderException failure = assertThrows(ProviderException.class, () -> StreamChunk
                .ofJson("[1,2]".getBytes(StandardCharsets.UTF_8)).withSystemFingerprint(FINGERPRINT).json());
        assertEquals(ProviderException.Kind.BAD_RESPONSE, failure.kind());
    }

    @Test
    void builtChunksAndAnswersCarryItOnTheirRecords() {
        StreamChunk built = StreamChunk.of(ChatChunk.of("c", 1, "m", List.of())).withSystemFingerprint(FINGERPRINT);
        assertEquals(Optional.of(FINGERPRINT), built.chunk().systemFingerprint());
        assertTrue(built.toString().contains("\"system_fingerprint\":\"" + FINGERPRINT + "\""));
        ChatResponse answer = ChatResponse.of("c", 1, "m", List.of(), Optional.empty()).withSystemFingerprint(FINGERPRINT);
        assertEquals(Optional.of(FINGERPRINT), answer.systemFingerprint());
    }
}

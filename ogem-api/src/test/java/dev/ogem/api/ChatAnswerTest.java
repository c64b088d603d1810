package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatAnswerTest {

    /** A completion as an upstream may write it: its own key order, spacing, number forms and fields. */
    private static final String RECEIVED = """
            {
              "choices" : [ {
                "finish_reason" : "stop",
                "message" : { "content" : "as sent", "role" : "assistant", "x_part" : [ 2.50, 1.0E-4 ] },
                "index" : 0
              } ],
              "x_upstream_only" : { "nested" : true },
              "usage" : { "total_tokens" : 21, "completion_tokens" : 9, "prompt_tokens" : 12 },
              "model" : "gpt-4o-2024-08-06",
              "created" : 1700000000,
              "object" : "chat.completion",
              "system_fingerprint" : "fp_upstream",
              "id" : "chatcmpl-pass"
            }
            """;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> counts(ChatAnswer answer) {
        Usage usage = answer.usage().orElseThrow();
        return List.of(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }

    private static String text(ChatAnswer answer) {
        return new String(answer.json(), StandardCharsets.UTF_8);
    }

    @Test
    void aWholeCompletionIsKeptAsItsBytesWithItsUsageRead() {
        byte[] received = bytes(RECEIVED);
        ChatAnswer answer = ChatAnswer.received(received).orElseThrow();
        assertSame(received, answer.json(), "the very bytes, not a copy written again");
        assertTrue(answer.isReceived());
        assertEquals(List.of(12L, 9L, 21L), counts(answer));
        assertEquals("as sent", answer.response().choices().getFirst().message().text());
        assertEquals(Optional.of("stop"), answer.response().choices().getFirst().finishReason());
        assertSame(received, answer.json(), "reading the record changes nothing that is sent");
    }

    @Test
    void bytesAreNeverParsedUnlessReadSoAFieldARecordRefusesStillPasses() {
        String odd = RECEIVED.replace("\"index\" : 0", "\"index\" : \"first\"");
        ChatAnswer answer = ChatAnswer.received(bytes(odd)).orElseThrow();
        assertEquals(odd, text(answer));
        assertEquals(List.of(12L, 9L, 21L), counts(answer));
        ProviderException e = assertThrows(ProviderException.class, answer::response);
        assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
    }

    @Test
    void theFingerprintIsWrittenIntoTheBytesAndNothingElseMoves() {
        ChatAnswer stamped = ChatAnswer.received(bytes(RECEIVED)).orElseThrow().withSystemFingerprint("open-gemini/a/b/c");
        assertEquals(RECEIVED.replace("\"fp_upstream\"", "\"open-gemini/a/b/c\""), text(stamped));
        assertEquals(List.of(12L, 9L, 21L), counts(stamped));

        String without = RECEIVED.replace("\"system_fingerprint\" : \"fp_upstream\",\n", "");
        ChatAnswer added = ChatAnswer.received(bytes(without)).orElseThrow().withSystemFingerprint("fp/x");
        String expected = without.substring(0, without.lastIndexOf('}')) + ",\"system_fingerprint\":\"fp/x\"}";
        assertEquals(expected, text(added).stripTrailing());
        assertEquals("fp/x", added.response().systemFingerprint().orElseThrow());
    }

    @Test
    void anythingButAWholeCompletionIsLeftToTheTypedPath() {
        String whole = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}]";
        assertTrue(ChatAnswer.received(bytes(whole + "}")).isPresent());
        assertEquals(Optional.empty(), ChatAnswer.received(bytes(whole + "}")).orElseThrow().usage());
        assertTrue(ChatAnswer.received(bytes(whole + ",\"usage\":null,\"error\":null}")).isPresent());
        for (String body : List.of("null", "[]", "\"x\"", "42", "{}", "not json", "",
                whole + "} {}", whole,
                whole + ",\"error\":{\"message\":\"quota\"}}",
                whole + ",\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":1,\"total_tokens\":-4}}",
                whole + ",\"usage\":\"lots\"}",
                whole.replace("\"id\":\"c\",", "") + "}",
                whole.replace("\"object\":\"chat.completion\",", "") + "}",
                whole.replace("\"created\":1,", "\"created\":\"yesterday\",") + "}",
                whole.replace("\"model\":\"m\",", "\"model\":null,") + "}",
                whole.replaceAll("\"choices\":.*", "\"choices\":[]}"),
                whole.replaceAll("\"choices\":.*", "\"choices\":[{\"index\":0}]}"),
                whole.replaceAll("\"choices\":.*", "\"choices\":[{\"index\":0,\"message\":null}]}"),
                whole.replaceAll("\"choices\":.*", "\"choices\":[1]}"))) {
            assertFalse(ChatAnswer.received(bytes(body)).isPresent(), body);
        }
    }

    @Test
    void aBuiltAnswerIsWrittenOnceAndStampedOnItsRecord() {
        ChatResponse response = ChatResponse.of("id", 3, "m",
                List.of(ChatResponse.Choice.of(0, Message.of("assistant", "hi"), "stop")), Optional.of(Usage.of(1, 2)));
        ChatAnswer answer = ChatAnswer.of(response);
        assertFalse(answer.isReceived());
        assertSame(response, answer.response());
        assertEquals(Optional.of(Usage.of(1, 2)), answer.usage());
        assertSame(answer.json(), answer.json(), "written once");
        ChatAnswer stamped = answer.withSystemFingerprint("fp");
        assertEquals("fp", stamped.response().systemFingerprint().orElseThrow());
        assertTrue(text(stamped).contains("\"system_fingerprint\":\"fp\""), text(stamped));
    }
}

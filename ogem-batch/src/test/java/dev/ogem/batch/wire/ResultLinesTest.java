package dev.ogem.batch.wire;

import org.junit.jupiter.api.Test;

import dev.ogem.api.ProviderException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output and error lines are matched by custom_id, in the spec's shape, whatever their order. */
class ResultLinesTest {

    @Test
    void linesAreMatchedByCustomIdNotPosition() {
        ResultLines lines = new ResultLines();
        lines.accept(answer("b", "second"));
        lines.accept(answer("a", "first"));
        assertEquals("first", content(lines, "a"));
        assertEquals("second", content(lines, "b"));
        assertTrue(lines.outcome("c").isEmpty());
    }

    @Test
    void non200ResponseAndErrorObjectBecomeErrors() {
        ResultLines lines = new ResultLines();
        lines.accept("{\"id\":\"r1\",\"custom_id\":\"x\",\"response\":{\"status_code\":400,\"request_id\":\"q\","
                + "\"body\":{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\","
                + "\"param\":\"temperature\",\"code\":\"invalid_value\"}}},\"error\":null}");
        lines.accept("{\"id\":\"r2\",\"custom_id\":\"y\",\"response\":null,"
                + "\"error\":{\"code\":\"batch_expired\",\"message\":\"not run\"}}");
        lines.accept("not json");
        ProviderException x = error(lines, "x");
        assertEquals(400, x.status());
        assertEquals("invalid_value", x.code().orElseThrow());
        assertEquals("temperature", x.param().orElseThrow());
        assertEquals(ProviderException.Kind.REJECTED, x.kind());
        ProviderException y = error(lines, "y");
        assertEquals("batch_expired", y.code().orElseThrow());
        assertEquals(1, lines.unreadable());
    }

    private static String answer(String customId, String text) {
        return "{\"id\":\"r\",\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":200,\"request_id\":\"q\","
                + "\"body\":{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                + "\"finish_reason\":\"stop\"}]}},\"error\":null}";
    }

    private static String content(ResultLines lines, String customId) {
        Outcome.Answered answered = assertInstanceOf(Outcome.Answered.class, lines.outcome(customId).orElseThrow());
        return dev.ogem.api.OpenAiJson.valueToTree(answered.response())
                .at("/choices/0/message/content").asText();
    }

    private static ProviderException error(ResultLines lines, String customId) {
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, lines.outcome(customId).orElseThrow());
        return assertInstanceOf(ProviderException.class, failed.error());
    }
}

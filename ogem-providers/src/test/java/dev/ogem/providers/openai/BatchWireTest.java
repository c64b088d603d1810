package dev.ogem.providers.openai;

import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches.Result;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output and error lines in the spec's shape: an answer, or that request's own error. */
class BatchWireTest {

    @Test
    void a200LineIsAnAnswerNamedByItsCustomId() {
        Result result = BatchWire.result(answer("a", "first")).orElseThrow();
        assertEquals("a", result.customId());
        assertEquals("first", result.answer().orElseThrow().choices().getFirst().message().text());
    }

    @Test
    void non200ResponseAndErrorObjectBecomeErrors() {
        ProviderException x = error("{\"id\":\"r1\",\"custom_id\":\"x\",\"response\":{\"status_code\":400,"
                + "\"request_id\":\"q\",\"body\":{\"error\":{\"message\":\"bad temperature\","
                + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}},"
                + "\"error\":null}");
        assertEquals(400, x.status());
        assertEquals("invalid_value", x.code().orElseThrow());
        assertEquals("temperature", x.param().orElseThrow());
        assertEquals(ProviderException.Kind.REJECTED, x.kind());
        ProviderException y = error("{\"id\":\"r2\",\"custom_id\":\"y\",\"response\":null,"
                + "\"error\":{\"code\":\"batch_expired\",\"message\":\"not run\"}}");
        assertEquals("batch_expired", y.code().orElseThrow());
    }

    @Test
    void anUnreadableLineOrOneWithoutCustomIdIsNoResult() {
        assertEquals(Optional.empty(), BatchWire.result("not json"));
        assertEquals(Optional.empty(), BatchWire.result("{\"id\":\"r\",\"response\":null}"));
    }

    private static ProviderException error(String line) {
        Result result = BatchWire.result(line).orElseThrow();
        assertTrue(result.answer().isEmpty());
        return result.error().orElseThrow();
    }

    static String answer(String customId, String text) {
        return "{\"id\":\"r\",\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":200,\"request_id\":\"q\","
                + "\"body\":{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                + "\"finish_reason\":\"stop\"}]}},\"error\":null}";
    }
}

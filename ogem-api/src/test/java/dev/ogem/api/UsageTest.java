package dev.ogem.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A token count is never negative, whoever writes it. */
class UsageTest {

    @Test
    void negativeCountsAreRefusedWhenRead() throws IOException {
        assertEquals(7, OpenAiJson.read("{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}", Usage.class)
                .totalTokens());
        for (String usage : new String[] {"{\"prompt_tokens\":-5,\"completion_tokens\":2,\"total_tokens\":-3}",
                "{\"prompt_tokens\":5,\"completion_tokens\":-2,\"total_tokens\":3}",
                "{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":-1}"}) {
            IOException e = assertThrows(IOException.class, () -> OpenAiJson.read(usage, Usage.class), usage);
            assertTrue(OpenAiJson.invalidValue(e).orElseThrow().contains("negative"), usage);
        }
    }

    @Test
    void countsThatOverflowOrAreNegativeAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Usage.of(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Usage.of(Long.MAX_VALUE, 1));
        assertEquals(3, Usage.of(1, 2).totalTokens());
    }
}

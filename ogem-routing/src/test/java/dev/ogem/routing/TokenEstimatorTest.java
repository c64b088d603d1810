package dev.ogem.routing;

import org.junit.jupiter.api.Test;

import static dev.ogem.routing.Scripted.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenEstimatorTest {

    private final TokenEstimator estimator = new TokenEstimator(1024);

    @Test
    void openAiModelsAreCountedWithTheirRealTokenizer() {
        var hello = request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}");
        // o200k_base: "user\nHello, world!\n" is 6 tokens; + 4 per message + 3 reply priming.
        assertEquals(13, estimator.prompt(hello, "gpt-4o"));
        assertEquals("o200k_base", TokenEstimator.encodingFor("gpt-5-mini").orElseThrow().getName());
        assertEquals("o200k_base", TokenEstimator.encodingFor("o3-mini").orElseThrow().getName());
        assertEquals("cl100k_base", TokenEstimator.encodingFor("gpt-4-turbo").orElseThrow().getName());
        assertEquals("cl100k_base", TokenEstimator.encodingFor("gpt-3.5-turbo").orElseThrow().getName());
        assertTrue(TokenEstimator.encodingFor("claude-sonnet-4").isEmpty());
    }

    @Test
    void otherModelsAreEstimatedAtFourCharactersPerTokenAndImagesAtAFixedAmount() {
        String text = "x".repeat(400);
        var plain = request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
        // "user\n" + 400 chars + "\n" = 406 chars -> 102 tokens; + 4 + 3.
        assertEquals(109, estimator.prompt(plain, "claude-sonnet-4"));
        var image = request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}");
        assertEquals(TokenEstimator.PER_IMAGE + 4 + 3 + 2, estimator.prompt(image, "gemini-2.5-flash"));
    }

    @Test
    void theReservationAddsTheOutputBudget() {
        var withLimit = request("{\"model\":\"x\",\"max_completion_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var without = request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        long prompt = estimator.prompt(without, "m");
        assertEquals(prompt + 100, estimator.reservation(withLimit, "m"));
        assertEquals(prompt + 1024, estimator.reservation(without, "m"));
    }
}

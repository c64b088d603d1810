package dev.ogem.batch.queue;

import dev.ogem.api.ChatResponse;
import dev.ogem.api.Message;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Result lines are matched to requests by custom_id, whatever their order. */
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
    void anErrorLineIsThatRequestsErrorAndAnAnswerWinsOverIt() {
        ProviderException rejected = ProviderException.builder(ProviderException.Kind.REJECTED, "bad").status(400)
                .build();
        ResultLines lines = new ResultLines();
        lines.accept(new Result("x", Optional.empty(), Optional.of(rejected)));
        assertSame(rejected, assertInstanceOf(Outcome.Failed.class, lines.outcome("x").orElseThrow()).error());
        lines.accept(answer("x", "after all"));
        lines.accept(new Result("x", Optional.empty(), Optional.of(rejected)));
        assertEquals("after all", content(lines, "x"));
    }

    private static Result answer(String customId, String text) {
        ChatResponse response = new ChatResponse("c", "chat.completion", 1, "m",
                List.of(new ChatResponse.Choice(0, Message.of("assistant", text), Optional.of("stop"),
                        Optional.empty(), Map.of())), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
        return new Result(customId, Optional.of(response), Optional.empty());
    }

    private static String content(ResultLines lines, String customId) {
        Outcome.Answered answered = assertInstanceOf(Outcome.Answered.class, lines.outcome(customId).orElseThrow());
        return answered.response().choices().getFirst().message().text();
    }
}

package dev.ogem.providers.gemini;

import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.QuotaException;
import dev.ogem.api.StreamChunk;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamHttp;
import dev.ogem.providers.testing.CountingBudget;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Event;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.ImageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * AI Studio takes images only inline, so the client downloads them: their bytes are held under the memory budget
 * while the upstream call runs (a stream's until its answer began), and given back afterwards; a request whose
 * images the budget cannot hold is refused with 429 before anything is sent upstream.
 */
class GeminiImageBudgetTest {

    private static final String ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"A cat."}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5}}""";
    private static final int IMAGE_BYTES = 30_000;

    private final FakeUpstream upstream = FakeUpstream.start();
    private final ImageServer images = ImageServer.start();
    private final UpstreamHttp http = UpstreamHttp.create(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private final AtomicLong heldDuringTheCall = new AtomicLong(-1);

    @AfterEach
    void stop() {
        upstream.close();
        images.close();
    }

    private LlmClient studio(CountingBudget budget) {
        URI root = URI.create(upstream.baseUrl().toString().replaceFirst("/v1$", ""));
        return GeminiClients.studio(http, "studio-key", root,
                new ImageFetcher(ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, true), budget));
    }

    private ChatRequest withImage(boolean stream) throws Exception {
        return OpenAiJson.read("""
                {"model":"gemini-2.5-flash","stream":%s,"messages":[{"role":"user","content":[
                  {"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"%s"}}]}]}"""
                .formatted(stream, images.url("/sized.png?bytes=" + IMAGE_BYTES)), ChatRequest.class);
    }

    @Test
    void theImagesOfAPlainCallAreHeldUntilItsAnswerIsRead() throws Exception {
        CountingBudget budget = new CountingBudget(1 << 20);
        upstream.answer(r -> {
            heldDuringTheCall.set(budget.used());
            return Reply.json(200, ANSWER);
        });
        assertEquals("A cat.", studio(budget).complete(withImage(false)).choices().getFirst().message().text());
        assertEquals(40_000, heldDuringTheCall.get(), "the base64 of the image, held while upstream answers");
        assertEquals(0, budget.used(), "given back once the call is over");
    }

    @Test
    void theImagesOfAStreamAreHeldUntilItsAnswerBegins() throws Exception {
        CountingBudget budget = new CountingBudget(1 << 20);
        upstream.answer(r -> {
            heldDuringTheCall.set(budget.used());
            return Reply.sse(List.of(Event.data(ANSWER.replace("\n", ""))));
        });
        try (ChunkStream stream = studio(budget).stream(withImage(true))) {
            assertEquals(0, budget.used(), "given back once the answer began");
            StringBuilder text = new StringBuilder();
            for (Optional<StreamChunk> next = stream.next(); next.isPresent(); next = stream.next()) {
                next.get().chunk().choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            }
            assertEquals("A cat.", text.toString());
        }
        assertEquals(40_000, heldDuringTheCall.get());
    }

    @Test
    void imagesTheBudgetCannotHoldAreA429AndNothingIsSentUpstream() throws Exception {
        CountingBudget budget = new CountingBudget(IMAGE_BYTES);
        upstream.answer(r -> Reply.json(200, ANSWER));
        QuotaException refused = assertThrows(QuotaException.class, () -> studio(budget).complete(withImage(false)));
        assertEquals(429, refused.status());
        assertEquals(0, upstream.received().size(), "refused before the upstream call");
        assertEquals(0, budget.used());
    }
}

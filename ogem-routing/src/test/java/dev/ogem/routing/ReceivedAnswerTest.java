package dev.ogem.routing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static dev.ogem.routing.Scripted.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answer held as the upstream's bytes goes through routing as those bytes: settled to the usage found in
 * them, cached as them, and served from the cache as them.
 */
class ReceivedAnswerTest {

    private static final byte[] SENT = """
            { "model" : "gpt-4o-x", "id" : "r", "object" : "chat.completion", "created" : 5,
              "choices" : [ { "index" : 0, "message" : { "role" : "assistant", "content" : "raw" } } ],
              "usage" : { "prompt_tokens" : 30, "completion_tokens" : 12, "total_tokens" : 42 }, "x_kept" : 2.50 }
            """.getBytes(StandardCharsets.UTF_8);
    private static final String ASK = "{\"model\":\"gpt4\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final Scripted scripted = new Scripted();
    private final RecordingStore store = new RecordingStore(StateStore.inMemory(scripted.clock));
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Router router = Router.builder()
            .catalog(catalog(Duration.ZERO, provider("a", region("east", model("gpt-4o", 0, 0, "gpt4")))))
            .clients(endpoint -> relaying()).store(store).settings(scripted.settings()).build();

    private LlmClient relaying() {
        return new LlmClient() {
            @Override
            public ChatResponse complete(ChatRequest request) {
                return answer(request).response();
            }

            @Override
            public ChatAnswer answer(ChatRequest request) {
                calls.add(request.model());
                return ChatAnswer.received(SENT).orElseThrow();
            }

            @Override
            public ChunkStream stream(ChatRequest request) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theBytesAreSettledByTheirUsageCachedAndServedAgainAsThey() {
        Routed<ChatAnswer> first = router.answer(request(ASK), RouteOptions.DEFAULT);
        assertSame(SENT, first.value().json(), "routing hands on the upstream's array");
        assertEquals(List.of(42L), store.settled, "settled to usage.total_tokens read from the bytes");
        assertEquals(Optional.of(CacheOutcome.MISS), first.cache());

        Routed<ChatAnswer> hit = router.answer(request(ASK), RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.HIT), hit.cache());
        assertArrayEquals(SENT, hit.value().json(), "stored and served as the bytes received");
        assertTrue(hit.value().isReceived());
        assertEquals(42, hit.value().usage().orElseThrow().totalTokens());
        assertEquals(new Route("a", "east", "gpt-4o"), hit.route());
        assertEquals(1, calls.size());

        Routed<ChatResponse> parsed = router.complete(request(ASK), RouteOptions.DEFAULT);
        assertEquals("raw", parsed.value().choices().getFirst().message().text());
        assertEquals(2.5, parsed.value().extra().get("x_kept").asDouble());
    }

    @Test
    void anEntryReadsBackAsItsBytesAlsoWhenWrittenAsATree() throws Exception {
        Route route = new Route("p", "r", "m");
        CacheEntry entry = CacheEntry.read(CacheEntry.write(route, SENT));
        assertEquals(route, entry.route());
        assertArrayEquals(SENT, entry.answer());

        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putObject("route").put("provider", "p").put("region", "r").put("model", "m");
        tree.set("response", OpenAiJson.readTree(SENT));
        CacheEntry older = CacheEntry.read(tree.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(route, older.route());
        assertEquals(OpenAiJson.readTree(SENT), OpenAiJson.readTree(older.answer()));
    }
}

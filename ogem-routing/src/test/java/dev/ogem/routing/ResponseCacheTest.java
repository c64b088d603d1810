package dev.ogem.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.Message;
import dev.ogem.api.NativeAnswer;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.WireProtocol;
import dev.ogem.quota.StateStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.ogem.routing.Scripted.catalog;
import static dev.ogem.routing.Scripted.model;
import static dev.ogem.routing.Scripted.provider;
import static dev.ogem.routing.Scripted.region;
import static dev.ogem.routing.Scripted.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseCacheTest {

    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final Scripted scripted = new Scripted();
    private final Router router = Router.builder()
            .catalog(catalog(Duration.ZERO, provider("a", region("east", model("gpt-4o", 0, 0, "gpt4")))))
            .clients(scripted::client).store(StateStore.inMemory(scripted.clock)).settings(scripted.settings()).build();

    @Test
    void onlyDeterministicRequestsAreCacheable() {
        assertTrue(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0," + HI + "}")));
        assertTrue(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0,\"n\":1,\"tools\":[],\"seed\":3," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\"," + HI + "}")), "temperature must be explicit");
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0.2," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0,\"n\":2," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m\",\"temperature\":0,\"stream\":true," + HI + "}")));
        assertFalse(ResponseCache.cacheable(request("{\"model\":\"m@batch\",\"temperature\":0," + HI + "}")));
    }

    @Test
    void theKeyIgnoresAliasPrefixUserAndFieldOrderButNotTheContent() {
        String key = ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), "gpt-4o");
        assertEquals(key, ResponseCache.key(request("{\"temperature\":0," + HI + ",\"user\":\"u1\",\"model\":\"a/east/gpt-4o\"}"), "gpt-4o"));
        assertNotEquals(key, ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), "other"));
        assertNotEquals(key, ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"), "gpt-4o"));
        assertNotEquals(key, ResponseCache.key(request("{\"model\":\"gpt4\",\"temperature\":0,\"seed\":1," + HI + "}"), "gpt-4o"));
    }

    @Test
    void aHitIsServedWithoutCallingUpstreamWhateverNameTheCallerUsed() {
        Routed<?> first = router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.MISS), first.cache());
        Routed<?> second = router.complete(request("{\"model\":\"a/east/gpt-4o\",\"temperature\":0," + HI + "}"),
                RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.HIT), second.cache());
        assertEquals(new Route("a", "east", "gpt-4o"), second.route());
        assertEquals(1, scripted.calls.size());
        Routed<?> bypassed = router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"),
                new RouteOptions(Optional.empty(), true));
        assertEquals(Optional.of(CacheOutcome.MISS), bypassed.cache());
        assertEquals(2, scripted.calls.size());
        Routed<?> uncacheable = router.complete(request("{\"model\":\"gpt4\"," + HI + "}"), RouteOptions.DEFAULT);
        assertTrue(uncacheable.cache().isEmpty());
    }

    @Test
    void entriesExpireAfterTheTtl() {
        router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"));
        scripted.clock.advance(Duration.ofHours(24).plusSeconds(1));
        Routed<?> again = router.complete(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"), RouteOptions.DEFAULT);
        assertEquals(Optional.of(CacheOutcome.MISS), again.cache());
    }

    @Test
    void aNativeAnswerIsStoredWithTheUpstreamsOwnBytes() {
        ResponseCache cache = new ResponseCache(StateStore.inMemory(scripted.clock), Duration.ofHours(1));
        byte[] claude = """
                {"content":[{"type":"thinking","thinking":"Hm.","signature":"sig-1"},\
                {"type":"redacted_thinking","data":"EmwK"},{"type":"text","text":"Hi"}]}"""
                .getBytes(StandardCharsets.UTF_8);
        ChatResponse answer = ChatResponse.of("msg_1", 1, "claude", List.of(ChatResponse.Choice.of(0,
                Message.of("assistant", "Hi"), "stop")), Optional.empty())
                .withNativeAnswer(new NativeAnswer(WireProtocol.ANTHROPIC_MESSAGES, claude));
        ChatJob job = new ChatJob(request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}"));
        cache.store("k", new Route("claude", "claude", "claude"), job.cacheJson(ChatAnswer.of(answer)));

        ChatResponse hit = cache.lookup("k", job).orElseThrow().value().response();

        NativeAnswer kept = hit.nativeAnswer().orElseThrow();
        assertEquals(WireProtocol.ANTHROPIC_MESSAGES, kept.protocol());
        assertArrayEquals(claude, kept.json(), "byte for byte, thinking blocks and signatures included");
        assertEquals("Hi", hit.choices().getFirst().message().text());
        cache.store("plain", new Route("a", "east", "gpt-4o"), job.cacheJson(ChatAnswer.of(ChatResponse.of("c", 1,
                "gpt-4o", List.of(), Optional.empty()))));
        assertTrue(cache.lookup("plain", job).orElseThrow().value().response().nativeAnswer().isEmpty());
    }

    @Test
    void aNativeRequestIsKeyedByTheCallersBodyAsWell() {
        ChatRequest chat = request("{\"model\":\"gpt4\",\"temperature\":0," + HI + "}");
        String key = ResponseCache.key(withNative(chat, "{\"model\":\"gpt4\",\"temperature\":0,\"max_tokens\":9,"
                + HI + "}", Map.of()), "gpt-4o");
        assertTrue(key.startsWith("native:v1:"), key);
        assertNotEquals(ResponseCache.key(chat, "gpt-4o"), key, "a chat request never gets a native answer");
        assertEquals(key, ResponseCache.key(withNative(chat, "{\"model\":\"a/east/gpt-4o\",\"temperature\":0,"
                + "\"max_tokens\":9,\"metadata\":{\"user_id\":\"u2\"}," + HI + "}", Map.of()), "gpt-4o"),
                "alias and end user are not in the key");
        assertNotEquals(key, ResponseCache.key(withNative(chat, "{\"model\":\"gpt4\",\"temperature\":0,"
                + "\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}", Map.of()), "gpt-4o"),
                "what only the native body says");
        assertNotEquals(key, ResponseCache.key(withNative(chat, "{\"model\":\"gpt4\",\"temperature\":0,"
                + "\"max_tokens\":9," + HI + "}", Map.of("anthropic-beta", "context-1m")), "gpt-4o"), "a beta");
    }

    private static ChatRequest withNative(ChatRequest chat, String body, Map<String, String> headers) {
        try {
            return chat.toBuilder().nativeRequest(new NativeRequest(WireProtocol.ANTHROPIC_MESSAGES,
                    NativeRequest.Operation.GENERATE, (ObjectNode) OpenAiJson.readTree(body), headers)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

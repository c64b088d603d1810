package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.providers.testing.FakeBatchApi;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Recorded;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each library used the way a team would use it: the README's example (a module under
 * {@code src/it/consumers}) compiled against that library's jar and the runtime dependencies Maven
 * resolves for it alone, and run on the module path in a process of its own, against fake upstreams
 * that speak the providers' real protocols on loopback. ogem-quota has {@link QuotaConsumerIT}.
 */
class ModuleConsumersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void apiReadsAndWritesOpenAiShapes() throws Exception {
        List<String> lines = ConsumerModule.compile("api", LibraryModulePath.of("ogem-api"), workDir)
                .run("example.api.OpenAiShapes", List.of(), Map.of()).succeeded();

        assertEquals("gpt-4o asks: Hello there, output limit 1024", lines.get(0));
        JsonNode forwarded = JSON.readTree(lines.get(1));
        assertEquals(Set.of("model", "messages", "temperature", "metadata"), fieldNames(forwarded));
        assertEquals("gpt-4o-mini", forwarded.path("model").asText());
        assertEquals("search", forwarded.path("metadata").path("team").asText());
        assertEquals(" there", forwarded.path("messages").path(0).path("content").path(1).path("text").asText());
        JsonNode answer = JSON.readTree(lines.get(2));
        assertEquals(Set.of("id", "object", "created", "model", "choices", "usage"), fieldNames(answer));
        assertEquals("Hi!", answer.path("choices").path(0).path("message").path("content").asText());
        assertEquals("stop", answer.path("choices").path(0).path("finish_reason").asText());
        assertEquals(11, answer.path("usage").path("total_tokens").asInt());
    }

    @Test
    void providersAloneAskClaudeAndGeminiInOpenAiShapes() throws Exception {
        try (FakeUpstream claude = FakeUpstream.start(); FakeUpstream gemini = FakeUpstream.start()) {
            claude.answer(request -> Reply.json(200, fixture("anthropic/text/upstream-response.json")));
            gemini.answer(request -> Reply.json(200, fixture("gemini/text/upstream-response.json")));

            ConsumerModule consumer = ConsumerModule.compile("providers", LibraryModulePath.of("ogem-providers"), workDir);
            List<String> lines = consumer.run("example.providers.TwoProviders", List.of(), upstreams(claude, gemini))
                    .succeeded();

            assertEquals(2, lines.size(), lines.toString());
            assertEquals(withoutCreated(fixture("anthropic/text/openai-response.json")),
                    answerOf(lines.get(0), "claude/claude "));
            assertEquals(withoutCreated(fixture("gemini/text/openai-response.json")),
                    answerOf(lines.get(1), "studio/studio "));

            Recorded toClaude = claude.last();
            assertEquals("/v1/messages", toClaude.path());
            assertEquals("sk-ant-consumer", toClaude.header("x-api-key"));
            assertEquals("2023-06-01", toClaude.header("anthropic-version"));
            assertEquals("claude-sonnet-4-5", toClaude.json().path("model").asText());
            assertEquals(100, toClaude.json().path("max_tokens").asInt());
            assertTrue(toClaude.json().path("system").toString().contains("Answer in one word."), toClaude.body());
            assertEquals("What is the capital of France?",
                    toClaude.json().path("messages").path(0).path("content").asText());

            Recorded toGemini = gemini.last();
            assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", toGemini.path());
            assertEquals("studio-consumer", toGemini.header("x-goog-api-key"));
            assertEquals("Answer in one word.",
                    toGemini.json().path("systemInstruction").path("parts").path(0).path("text").asText());
            assertEquals("What is the capital of France?",
                    toGemini.json().path("contents").path(0).path("parts").path(0).path("text").asText());
            assertEquals(100, toGemini.json().path("generationConfig").path("maxOutputTokens").asInt());
        }
    }

    @Test
    void routingFallsBackFromAnOverloadedClaudeToGemini() {
        try (FakeUpstream claude = FakeUpstream.start(); FakeUpstream gemini = FakeUpstream.start()) {
            claude.answer(request -> Reply.json(529,
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
            gemini.answer(request -> Reply.json(200, fixture("gemini/text/upstream-response.json")));

            // A team that routes over ogem-providers' clients depends on both.
            List<Path> modulePath = LibraryModulePath.of("ogem-routing", "ogem-providers");
            List<String> lines = ConsumerModule.compile("routing", modulePath, workDir)
                    .run("example.routing.Fallback", List.of(), upstreams(claude, gemini)).succeeded();

            assertEquals(List.of("Route[provider=studio, region=studio, model=gemini-2.5-flash] Hello there!"), lines);
            assertEquals(1, claude.received().size(), "Claude, first in the chain, was tried once");
            assertEquals(1, gemini.received().size());
        }
    }

    @Test
    void batchAnswersEachCallerFromOneJob() throws Exception {
        try (FakeBatchApi openAi = FakeBatchApi.start()) {
            List<String> lines = ConsumerModule.compile("batch", LibraryModulePath.of("ogem-batch"), workDir)
                    .run("example.batch.HalfPrice", List.of(),
                            Map.of("OPENAI_BASE_URL", openAi.baseUrl().toString(), "OPENAI_API_KEY", "sk-batch-consumer"))
                    .succeeded();

            assertEquals(List.of("echo:gpt-4o-mini:Name a colour.", "echo:gpt-4o-mini:Name a fruit."), lines);
            assertEquals(1, openAi.created().size(), "both questions went in one batch job");
            assertEquals(2, openAi.created().getFirst().lines().size());
            assertTrue(openAi.calls().stream().allMatch(c -> c.authorization().equals("Bearer sk-batch-consumer")),
                    openAi.calls().toString());
        }
    }

    private static Map<String, String> upstreams(FakeUpstream claude, FakeUpstream gemini) {
        URI studio = gemini.baseUrl();
        return Map.of("CLAUDE_API_KEY", "sk-ant-consumer", "CLAUDE_BASE_URL", claude.baseUrl().toString(),
                "GENAI_STUDIO_API_KEY", "studio-consumer",
                "STUDIO_BASE_URL", studio.getScheme() + "://" + studio.getAuthority());
    }

    private static JsonNode answerOf(String line, String label) throws IOException {
        assertTrue(line.startsWith(label), line);
        return withoutCreated(line.substring(label.length()));
    }

    private static JsonNode withoutCreated(String json) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            node.remove("created");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A file of ogem-providers' golden fixtures (its test-jar). */
    private static String fixture(String path) {
        try (InputStream in = ModuleConsumersIT.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.CallerException;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.OgemException;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.StreamOptions;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;
import dev.ogem.providers.specs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks every golden case under {@code fixtures/anthropic/<case>/}:
 * <ul>
 *   <li>{@code openai-request.json} is translated and must equal {@code upstream-request.json}, which
 *       must also be valid against the Anthropic OpenAPI {@code CreateMessageParams} schema; a
 *       {@code dialect.txt} holding {@code vertex} selects the Vertex dialect (validated with
 *       {@code anthropic_version} removed and {@code model} added, the only two differences);</li>
 *   <li>or, for a request Claude cannot serve, {@code openai-error.json} holds the expected 400;</li>
 *   <li>{@code upstream-response.json} must translate to {@code openai-response.json}, or
 *       {@code upstream-response.sse} to the lines of {@code openai-chunks.jsonl}, where an error
 *       thrown mid-stream is rendered as a last line {@code {"error":{…},"kind":…}}.</li>
 * </ul>
 * Trees are compared with object keys sorted and numbers by value. Nothing is ignored:
 * {@code created} comes from a fixed clock ({@value #CREATED}) and ids from the upstream.
 * Run with {@code -Dfixtures.write=true} to (re)write the expected files from the actual output.
 */
class AnthropicFixturesTest {

    static final long CREATED = 1_700_000_000L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // Indented, and leaving out nulls in maps as OpenAiJson does: fixtures are compared and written with it.
    private static final ObjectWriter PRETTY = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT,
                    JsonInclude.Include.NON_ABSENT))
            .build().writerWithDefaultPrettyPrinter();
    private static final boolean WRITE = Boolean.getBoolean("fixtures.write");
    private static final ImageFetcher IMAGES = new ImageFetcher(ImagePolicy.defaults(AnthropicWire.IMAGE_TYPES, false));

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translates(String name) throws Exception {
        Path dir = root().resolve(name);
        ChatRequest request = OpenAiJson.read(Files.readAllBytes(dir.resolve("openai-request.json")), ChatRequest.class);
        Dialect dialect = Files.exists(dir.resolve("dialect.txt"))
                && Files.readString(dir.resolve("dialect.txt")).trim().equals("vertex") ? Dialect.VERTEX : Dialect.DIRECT;
        if (Files.exists(dir.resolve("openai-error.json"))) {
            CallerException e = assertThrows(CallerException.class,
                    () -> AnthropicRequests.translate(request, dialect, IMAGES.forRequest()));
            check(dir.resolve("openai-error.json"), render(e));
            return;
        }
        AnthropicRequests.Translated call = AnthropicRequests.translate(request, dialect, IMAGES.forRequest());
        check(dir.resolve("upstream-request.json"), call.body());
        ObjectNode validated = call.body().deepCopy();
        if (dialect == Dialect.VERTEX) {
            validated.remove("anthropic_version");
            validated.put("model", request.model());
        }
        assertEquals(List.of(), AnthropicSpec.violations(validated), name + ": invalid against the Anthropic spec");
        if (Files.exists(dir.resolve("upstream-response.json"))) {
            JsonNode upstream = OpenAiJson.readTree(Files.readAllBytes(dir.resolve("upstream-response.json")));
            JsonNode actual = OpenAiJson.valueToTree(AnthropicResponses.translate(upstream, request.model(), call.jsonTool(),
                    CREATED));
            check(dir.resolve("openai-response.json"), actual);
            assertUsageAddsUp(actual.path("usage"));
        } else {
            List<JsonNode> lines = streamed(Files.readAllBytes(dir.resolve("upstream-response.sse")), request,
                    call.jsonTool());
            checkLines(dir.resolve("openai-chunks.jsonl"), lines);
        }
    }

    @Test
    void aMisspeltOrMisplacedFieldFailsTheSchema() throws Exception {
        JsonNode good = OpenAiJson.readTree(Files.readAllBytes(root().resolve("text/upstream-request.json")));
        assertEquals(List.of(), AnthropicSpec.violations(good));
        ObjectNode misspelt = good.deepCopy();
        misspelt.set("stop_sequence", NODES.arrayNode().add("x"));
        assertFalse(AnthropicSpec.violations(misspelt).isEmpty(), "stop_sequence is not a field");
        ObjectNode misplaced = good.deepCopy();
        ((ObjectNode) misplaced.at("/messages/0")).put("system", "be brief");
        assertFalse(AnthropicSpec.violations(misplaced).isEmpty(), "system belongs at the top level");
        ObjectNode badRole = good.deepCopy();
        ((ObjectNode) badRole.at("/messages/0")).put("role", "system");
        assertFalse(AnthropicSpec.violations(badRole).isEmpty(), "there is no system role in messages");
        ObjectNode hot = good.deepCopy();
        hot.put("temperature", 1.5);
        assertFalse(AnthropicSpec.violations(hot).isEmpty(), "temperature is at most 1");
    }

    @Test
    void aSchemaMissingFromTheSpecFailsTheLoadInsteadOfPassing() {
        ObjectNode document = Spec.ANTHROPIC.document().deepCopy();
        assertEquals(List.of(), AnthropicSpec.violations(AnthropicSpec.requestSchema(document),
                NODES.objectNode().put("model", "m").put("max_tokens", 1).set("messages", NODES.arrayNode())));
        ((ObjectNode) Spec.ANTHROPIC.schemas(document)).remove("InputMessage");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AnthropicSpec.requestSchema(document));
        assertTrue(e.getMessage().contains("#/components/schemas/InputMessage"), e.getMessage());
    }

    private static List<JsonNode> streamed(byte[] sse, ChatRequest request, boolean jsonTool) throws IOException {
        boolean usage = request.streamOptions().flatMap(StreamOptions::includeUsage).orElse(false);
        List<JsonNode> lines = new ArrayList<>();
        try (AnthropicStream stream = new AnthropicStream(new UpstreamEvents(new ByteArrayInputStream(sse), () -> { },
                ProviderLimits.defaults()), new UpstreamCall("claude", request.model()), jsonTool, usage, CREATED)) {
            Optional<StreamChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                lines.add(OpenAiJson.readTree(chunk.get().json()));
            }
        } catch (ProviderException e) {
            ObjectNode line = render(e);
            line.put("kind", e.kind().name()).put("retryable", e.retryable());
            lines.add(line);
        }
        return lines;
    }

    private static ObjectNode render(OgemException e) {
        ObjectNode line = NODES.objectNode();
        ObjectNode error = line.putObject("error").put("message", e.getMessage()).put("type", e.type())
                .put("status", e.status());
        e.code().ifPresent(c -> error.put("code", c));
        e.param().ifPresent(p -> error.put("param", p));
        return line;
    }

    private static void assertUsageAddsUp(JsonNode usage) {
        assertEquals(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong(),
                usage.path("total_tokens").asLong(), "prompt + completion = total");
    }

    private static void check(Path expectedFile, JsonNode actual) throws IOException {
        if (WRITE) {
            Files.writeString(source(expectedFile), PRETTY.writeValueAsString(actual) + "\n");
            return;
        }
        JsonNode expected = OpenAiJson.readTree(Files.readAllBytes(expectedFile));
        assertEquals(pretty(expected), pretty(actual), expectedFile.toString());
    }

    private static void checkLines(Path expectedFile, List<JsonNode> actual) throws IOException {
        if (WRITE) {
            StringBuilder out = new StringBuilder();
            for (JsonNode line : actual) {
                out.append(OpenAiJson.writeString(line)).append('\n');
            }
            Files.writeString(source(expectedFile), out);
            return;
        }
        List<JsonNode> expected = new ArrayList<>();
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                expected.add(OpenAiJson.readTree(line));
            }
        }
        assertEquals(expected.stream().map(AnthropicFixturesTest::pretty).toList(),
                actual.stream().map(AnthropicFixturesTest::pretty).toList(), expectedFile.toString());
    }

    private static String pretty(JsonNode node) {
        try {
            Object plain = OpenAiJson.treeToValue(node, Object.class);
            return PRETTY.with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(plain);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(AnthropicFixturesTest.class.getResource("/fixtures/anthropic").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path source(Path target) {
        String path = target.toString().replace("/target/test-classes/", "/src/test/resources/");
        return Path.of(path);
    }
}

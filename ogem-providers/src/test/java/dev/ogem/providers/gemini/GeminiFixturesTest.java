package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.StreamChunk;
import dev.ogem.api.StreamOptions;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.http.ImagePolicy;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamEvents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Walks every case under {@code fixtures/gemini/}: the OpenAI request must translate to
 * {@code upstream-request.json} (which must be valid against the Gemini API and the Vertex AI
 * specs), and the upstream answer ({@code upstream-response.json} or {@code .sse}) must translate to
 * {@code openai-response.json} or {@code openai-chunks.jsonl}. Cases named {@code vertex-…} use the
 * Vertex dialect, with the bucket {@code bucket} allowed for {@code gs://} images. Generated ids are compared
 * as {@code call_GENERATED} / {@code chatcmpl-GENERATED}.
 * Run with {@code -Dgolden.write=true} to write missing expected files (then review them).
 */
class GeminiFixturesTest {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long CREATED = 1_700_000_000L;
    private static final DiscoveryValidator STUDIO_SPEC = DiscoveryValidator.studio(SpecValidationTest.overlay());
    private static final DiscoveryValidator VERTEX_SPEC = DiscoveryValidator.vertex();

    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = Path.of(GeminiFixturesTest.class.getResource("/fixtures/gemini").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesBothWays(String name) throws Exception {
        Path dir = Path.of(GeminiFixturesTest.class.getResource("/fixtures/gemini/" + name).toURI());
        GeminiDialect dialect = name.startsWith("vertex-") ? GeminiDialect.VERTEX : GeminiDialect.STUDIO;
        ChatRequest request = OpenAiJson.read(Files.readString(dir.resolve("openai-request.json")), ChatRequest.class);

        JsonNode upstream = GeminiClients.requests(dialect, ImagePolicy.defaults(GeminiClients.IMAGE_TYPES, false),
                Set.of("bucket")).build(request);
        assertEquals(List.of(), VERTEX_SPEC.validate("GoogleCloudAiplatformV1GenerateContentRequest", upstream),
                "valid for Vertex AI");
        if (dialect == GeminiDialect.STUDIO) {
            assertEquals(List.of(), STUDIO_SPEC.validate("GenerateContentRequest", upstream), "valid for the Gemini API");
        }
        expect(dir.resolve("upstream-request.json"), upstream);

        if (Files.exists(dir.resolve("upstream-response.json"))) {
            JsonNode answer = OpenAiJson.readTree(Files.readString(dir.resolve("upstream-response.json")));
            JsonNode response = OpenAiJson.valueToTree(GeminiResponses.toChat(answer, request.model(), CREATED));
            assertTotals(response.path("usage"));
            expect(dir.resolve("openai-response.json"), normalise(response));
        } else {
            byte[] sse = Files.readAllBytes(dir.resolve("upstream-response.sse"));
            boolean includeUsage = request.streamOptions().flatMap(StreamOptions::includeUsage).orElse(false);
            List<String> lines = new ArrayList<>();
            try (GeminiStream stream = new GeminiStream(new UpstreamEvents(new ByteArrayInputStream(sse), () -> { },
                    ProviderLimits.defaults()), new UpstreamCall("studio", request.model()), includeUsage, CREATED)) {
                for (Optional<StreamChunk> chunk = stream.next(); chunk.isPresent(); chunk = stream.next()) {
                    JsonNode tree = OpenAiJson.readTree(chunk.get().json());
                    assertTotals(tree.path("usage"));
                    lines.add(OpenAiJson.writeString(normalise(tree)));
                }
            }
            Path expected = dir.resolve("openai-chunks.jsonl");
            if (!Files.exists(expected) && Boolean.getBoolean("golden.write")) {
                Files.writeString(sourceOf(expected), String.join("\n", lines) + "\n");
            }
            List<JsonNode> want = new ArrayList<>();
            for (String line : Files.readAllLines(expected)) {
                if (!line.isBlank()) {
                    want.add(OpenAiJson.readTree(line));
                }
            }
            List<JsonNode> got = new ArrayList<>();
            for (String line : lines) {
                got.add(OpenAiJson.readTree(line));
            }
            assertEquals(want, got);
        }
    }

    private static void assertTotals(JsonNode usage) {
        if (usage.isObject()) {
            assertEquals(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong(),
                    usage.path("total_tokens").asLong(), "prompt + completion = total");
        }
    }

    private static JsonNode normalise(JsonNode tree) throws IOException {
        String text = OpenAiJson.writeString(tree)
                .replaceAll("call_[0-9a-f]{24}", "call_GENERATED")
                .replaceAll("chatcmpl-[0-9a-f]{32}", "chatcmpl-GENERATED");
        return OpenAiJson.readTree(text);
    }

    private static void expect(Path file, JsonNode actual) throws IOException {
        if (!Files.exists(file) && Boolean.getBoolean("golden.write")) {
            Files.writeString(sourceOf(file), PRETTY.writeValueAsString(actual) + "\n");
            return;
        }
        assertEquals(OpenAiJson.readTree(Files.readString(file)), OpenAiJson.readTree(OpenAiJson.writeString(actual)),
                file.getFileName().toString());
    }

    private static Path sourceOf(Path target) {
        String path = target.toString().replace("target/test-classes", "src/test/resources");
        return Path.of(path);
    }
}

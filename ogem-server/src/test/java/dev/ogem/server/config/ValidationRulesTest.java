package dev.ogem.server.config;

import dev.ogem.api.ModelKind;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One test per validation rule: each names the config path and the reason. */
class ValidationRulesTest {

    private static final Map<String, String> GCP = Map.of("GOOGLE_CLOUD_PROJECT", "proj");

    @TempDir
    Path dir;
    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private static String custom(String name, String extra, String region) {
        return """
                providers:
                  %s:
                    base_url: https://llm.example.com/v1
                %s    regions:
                      %s:
                        models: [m]
                """.formatted(name, extra, region);
    }

    @Test
    void a_unknownProtocol() {
        fixture.fails(custom("mine", "    protocol: grpc\n", "mine"), Map.of(),
                "providers.mine.protocol", "unknown protocol \"grpc\"");
        fixture.fails(custom("mine", "", "mine"), Map.of(), "providers.mine.protocol", "required");
        fixture.fails(custom("claude", "    protocol: openai\n", "claude"), Map.of("CLAUDE_API_KEY", "k"),
                "providers.claude.protocol", "its own protocol");
    }

    @Test
    void b_providerWithoutARealRegion() {
        fixture.fails("""
                providers:
                  vertex:
                    regions:
                      default:
                        models: [gemini-1.5-flash]
                """, GCP, "providers.vertex.regions", "no real region");
        fixture.fails("""
                providers:
                  vertex:
                    regions: {}
                """, GCP, "providers.vertex.regions", "no real region");
        fixture.fails("""
                providers:
                  vertex: {}
                """, GCP, "providers.vertex.regions", "required");
        fixture.fails("""
                providers:
                  vertex:
                """, GCP, "providers.vertex", "is empty");
    }

    @Test
    void c_singleRegionProviderMustNameItsRegionAfterItself() {
        fixture.fails(custom("mine", "    protocol: openai\n", "us-east-1"), Map.of(),
                "providers.mine.regions.us-east-1", "exactly one region, named \"mine\"");
        fixture.fails("""
                providers:
                  mine:
                    base_url: http://localhost:8000/v1
                    protocol: openai
                    regions:
                      mine: {models: [a]}
                      mine2: {models: [b]}
                """, Map.of(), "providers.mine.regions.mine2", "exactly one region");
        fixture.fails("""
                providers:
                  openai:
                    regions:
                      us: {models: [gpt-4o]}
                """, Map.of("OPENAI_API_KEY", "k"), "providers.openai.regions.us", "named \"openai\"");
    }

    @Test
    void d_duplicateModelNamesInOneRegion() {
        fixture.fails("""
                providers:
                  vertex:
                    regions:
                      default:
                        models: [gemini-1.5-flash]
                      us-central1:
                        models:
                          - gemini-1.5-pro
                          - name: gemini-1.5-flash
                """, GCP, "providers.vertex.regions.us-central1.models[1].name",
                "providers.vertex.regions.default.models[0] already answers to it");
        fixture.fails("""
                providers:
                  vertex:
                    regions:
                      us-central1:
                        models:
                          - gemini-1.5-pro
                          - gemini-1.5-flash
                          - name: projects/1/locations/us-central1/endpoints/2
                            other_names: [tuned, gemini-1.5-pro]
                """, GCP, "providers.vertex.regions.us-central1.models[2].other_names[1]", "duplicate model name");
        // the same name in two different regions is fine
        ProviderSpec vertex = fixture.load("""
                providers:
                  vertex:
                    regions:
                      us-central1: {models: [gemini-1.5-pro]}
                      europe-west4: {models: [gemini-1.5-pro]}
                """, GCP).catalog().providers().getFirst();
        assertEquals(2, vertex.regions().size());
    }

    @Test
    void e_negativeRpmOrTpm() {
        String yaml = """
                providers:
                  vertex:
                    regions:
                      us-central1:
                        models:
                          - a
                          - b
                          - name: c
                            rpm: %s
                            tpm: %s
                """;
        fixture.fails(yaml.formatted("-1", "10"), GCP, "providers.vertex.regions.us-central1.models[2].rpm",
                "must not be negative");
        fixture.fails(yaml.formatted("10", "-5_000"), GCP, "providers.vertex.regions.us-central1.models[2].tpm",
                "must not be negative");
        fixture.fails(yaml.formatted("ten", "0"), GCP, "providers.vertex.regions.us-central1.models[2].rpm",
                "whole number");
        fixture.fails(yaml.formatted("1.5", "0"), GCP, "providers.vertex.regions.us-central1.models[2].rpm",
                "whole number");
    }

    @Test
    void f_apiKeyEnvNamingAnUnsetOrEmptyVariable() {
        String yaml = custom("mine", "    protocol: openai\n    api_key_env: MINE_KEY\n", "mine");
        fixture.fails(yaml, Map.of(), "providers.mine.api_key_env", "MINE_KEY is unset or empty");
        fixture.fails(yaml, Map.of("MINE_KEY", "  "), "providers.mine.api_key_env", "MINE_KEY is unset or empty");
        ProviderSpec mine = fixture.load(yaml, Map.of("MINE_KEY", "secret-value")).catalog().providers().getFirst();
        assertEquals(Optional.of("MINE_KEY"), mine.apiKeyEnv());
        // no api_key_env at all: a local server that needs no key
        assertEquals(Optional.empty(), fixture.load(custom("mine", "    protocol: openai\n", "mine"), Map.of())
                .catalog().providers().getFirst().apiKeyEnv());
    }

    @Test
    void g_builtInProviderWhoseVariableIsUnset() {
        String[][] cases = {
                {"openai", "OPENAI_API_KEY"}, {"claude", "CLAUDE_API_KEY"}, {"studio", "GENAI_STUDIO_API_KEY"},
                {"vertex", "GOOGLE_CLOUD_PROJECT"}, {"vclaude", "GOOGLE_CLOUD_PROJECT"}};
        for (String[] c : cases) {
            String yaml = "providers:\n  %s:\n    regions:\n      %s: {models: [m]}\n".formatted(c[0], c[0]);
            fixture.fails(yaml, Map.of("OTHER", "x"), "providers." + c[0], c[1] + " is unset or empty");
            assertEquals(c[0], fixture.load(yaml, Map.of(c[1], "v")).catalog().providers().getFirst().name());
        }
    }

    @Test
    void h_apiKeyWrittenInTheYaml() {
        String secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";
        ConfigException byValue = fixture.fails("""
                providers:
                  mine:
                    base_url: https://llm.example.com/v1
                    protocol: openai
                    api_key_env: %s
                    regions:
                      mine: {models: [m]}
                """.formatted(secret), Map.of(), "providers.mine.api_key_env", "looks like an API key");
        assertFalse(byValue.getMessage().contains(secret), byValue.getMessage());
        ConfigException byKey = fixture.fails(custom("mine", "    protocol: openai\n    api_key: hunter2\n", "mine"),
                Map.of(), "providers.mine.api_key", "secrets are not allowed");
        assertFalse(byKey.getMessage().contains("hunter2"), byKey.getMessage());
        fixture.fails("openaiapikey: abc\n" + custom("mine", "    protocol: openai\n", "mine"), Map.of(),
                "openaiapikey", "secrets are not allowed");
    }

    @Test
    void customProviderNeedsAnAbsoluteHttpBaseUrl() {
        fixture.fails("""
                providers:
                  mine:
                    protocol: openai
                    regions:
                      mine: {models: [m]}
                """, Map.of(), "providers.mine.base_url", "is required");
        for (String bad : new String[] {"ftp://x/v1", "/v1", "localhost:8000", "http://user:pw@host/v1"}) {
            fixture.fails(custom("mine", "    protocol: openai\n", "mine").replace("https://llm.example.com/v1", bad),
                    Map.of(), "providers.mine.base_url", "must");
        }
    }

    @Test
    void builtInsMayOverrideTheBaseUrlButNotTheKeyVariable() {
        ProviderSpec openai = fixture.load("""
                providers:
                  openai:
                    base_url: http://proxy.internal:8080/v1
                    protocol: openai
                    regions:
                      openai: {models: [gpt-4o]}
                """, Map.of("OPENAI_API_KEY", "k")).catalog().providers().getFirst();
        assertEquals("http://proxy.internal:8080/v1", openai.baseUrl().orElseThrow().toString());
        fixture.fails("""
                providers:
                  openai:
                    api_key_env: MY_OPENAI
                    regions:
                      openai: {models: [gpt-4o]}
                """, Map.of("OPENAI_API_KEY", "k", "MY_OPENAI", "k"), "providers.openai.api_key_env",
                "custom providers only");
    }

    @Test
    void namesThatBreakRequestSyntaxAreRejected() {
        fixture.fails(custom("my/llm", "    protocol: openai\n", "my/llm"), Map.of(), "providers.my/llm",
                "provider name");
        fixture.fails("""
                providers:
                  vertex:
                    regions:
                      us-central1: {models: ["a,b"]}
                """, GCP, "providers.vertex.regions.us-central1.models[0]", "must not contain ','");
    }

    @Test
    void aModelKindIsChatOrEmbeddingAndClaudeServesNoEmbeddings() {
        ProviderSpec local = fixture.load("""
                providers:
                  local:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions:
                      local:
                        models: [{name: bge-m3, kind: embedding}, nomic-embed-text, {name: embedder-chat, kind: chat}]
                """, Map.of()).catalog().providers().getFirst();
        assertEquals(List.of(ModelKind.EMBEDDING, ModelKind.EMBEDDING, ModelKind.CHAT),
                local.regions().getFirst().models().stream().map(ModelSpec::kind).toList());
        fixture.fails(custom("mine", "    protocol: openai\n", "mine").replace("models: [m]",
                "models: [{name: m, kind: vision}]"), Map.of(), "providers.mine.regions.mine.models[0].kind",
                "must be chat or embedding");
        fixture.fails("""
                providers:
                  claude:
                    regions:
                      claude:
                        models: [{name: claude-sonnet-4, kind: embedding}]
                """, Map.of("CLAUDE_API_KEY", "k"), "providers.claude.regions.claude", "no embeddings API");
    }
}

package dev.ogem.server.config;

import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What reading the YAML through Helidon Config must keep: document order of providers and regions (Helidon keeps an
 * object's members unordered), names with dots and slashes, empty values told apart from empty text, and text
 * taken as written (no {@code ${…}} resolution, nothing merged from system properties).
 */
class YamlParserTest {

    @TempDir
    Path dir;
    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void providersAndRegionsKeepTheirConfigOrder() {
        List<String> providers = List.of("zulu", "alpha", "mike", "bravo", "yankee", "charlie", "xray", "delta");
        List<String> regions = List.of("us-west1", "asia-east1", "us-central1", "europe-west4", "global", "us",
                "africa-south1", "me-west1", "eu", "australia-southeast1", "northamerica-northeast1", "asia-south1");
        StringBuilder yaml = new StringBuilder("providers:\n");
        for (String provider : providers) {
            yaml.append("""
                      %1$s:
                        base_url: http://127.0.0.1:9/v1
                        protocol: openai
                        regions: {%1$s: {models: [m]}}
                    """.formatted(provider));
        }
        yaml.append("  vertex:\n    regions:\n").append(regions.stream()
                .map(region -> "      " + region + ": {models: [gemini]}\n").collect(Collectors.joining()));

        List<ProviderSpec> read = fixture.load(yaml.toString(), Map.of("GOOGLE_CLOUD_PROJECT", "p"))
                .catalog().providers();

        List<String> expected = new ArrayList<>(providers);
        expected.add("vertex");
        assertEquals(expected, read.stream().map(ProviderSpec::name).toList());
        assertEquals(regions, read.getLast().regions().stream().map(RegionSpec::name).toList());
    }

    @Test
    void modelsKeepTheirOrderAcrossTheTemplateAndTheRegion() {
        List<String> names = IntStream.range(0, 15).mapToObj(i -> "model-" + (char) ('o' - i)).toList();
        String yaml = """
                providers:
                  vertex:
                    regions:
                      default: {models: %s}
                      us-east5: {models: [zz, aa]}
                """.formatted(names.subList(0, 10));
        List<String> expected = new ArrayList<>(names.subList(0, 10));
        expected.addAll(List.of("zz", "aa"));

        RegionSpec region = fixture.load(yaml, Map.of("GOOGLE_CLOUD_PROJECT", "p")).catalog().providers().getFirst()
                .regions().getFirst();

        assertEquals(expected, region.models().stream().map(ModelSpec::name).toList());
    }

    @Test
    void namesWithDotsStayOneKeyAndSlashesStayInModelNames() {
        String yaml = """
                providers:
                  corp.proxy:
                    base_url: http://127.0.0.1:9/v1
                    protocol: openai
                    regions:
                      corp.proxy:
                        models:
                          - name: Qwen/Qwen2.5-7B-Instruct
                            other_names: [qwen.small]
                  vertex:
                    regions:
                      us-central1:
                        models:
                          - name: projects/1234567890123/locations/us-central1/endpoints/45678901234567890123
                """;
        List<ProviderSpec> providers = fixture.load(yaml, Map.of("GOOGLE_CLOUD_PROJECT", "p")).catalog().providers();

        assertEquals(List.of("corp.proxy", "vertex"), providers.stream().map(ProviderSpec::name).toList());
        assertEquals("corp.proxy", providers.getFirst().regions().getFirst().name());
        assertEquals(new ModelSpec("Qwen/Qwen2.5-7B-Instruct", List.of("qwen.small"), "Qwen/Qwen2.5-7B-Instruct", 0, 0),
                providers.getFirst().regions().getFirst().models().getFirst());
        assertEquals("projects/1234567890123/locations/us-central1/endpoints/45678901234567890123",
                providers.getLast().regions().getFirst().models().getFirst().name());

        fixture.fails(yaml.replace("other_names: [qwen.small]", "rpm: -1"),
                Map.of("GOOGLE_CLOUD_PROJECT", "p"), "providers.corp.proxy.regions.corp.proxy.models[0].rpm",
                "must not be negative");
    }

    @Test
    void anEmptyValueIsAbsentButEmptyTextIsAnError() {
        String yaml = """
                providers:
                  openai:
                    regions:
                      openai:
                        models:
                          - name: gpt-4o
                            rpm:
                            tpm: ~
                """;
        assertEquals(new ModelSpec("gpt-4o", List.of(), "gpt-4o", 0, 0), fixture.load(yaml, Map.of("OPENAI_API_KEY",
                "k")).catalog().providers().getFirst().regions().getFirst().models().getFirst());

        fixture.fails(yaml.replace("rpm:", "rpm: \"\""), Map.of("OPENAI_API_KEY", "k"),
                "providers.openai.regions.openai.models[0].rpm", "must be a whole number");
        fixture.fails(yaml.replace("name: gpt-4o", "name: \"\""), Map.of("OPENAI_API_KEY", "k"),
                "providers.openai.regions.openai.models[0].name", "must not be empty");
        fixture.fails(yaml.replace("name: gpt-4o", "name:"), Map.of("OPENAI_API_KEY", "k"),
                "providers.openai.regions.openai.models[0].name", "is required");
        fixture.fails(yaml.replace("rpm:", "rpm: [1]"), Map.of("OPENAI_API_KEY", "k"),
                "providers.openai.regions.openai.models[0].rpm", "must be a whole number");
    }

    @Test
    void textIsTakenAsWrittenAndNothingIsMergedIn() {
        String yaml = """
                providers:
                  openai:
                    regions:
                      openai:
                        models: ["${HOME}", "$${x}", 10_000, modèle-ü]
                """;
        System.setProperty("retry_interval", "not a duration");
        try {
            GatewayConfig config = fixture.load(yaml, Map.of("OPENAI_API_KEY", "k"));

            assertEquals(List.of("${HOME}", "$${x}", "10_000", "modèle-ü"), config.catalog().providers().getFirst().regions()
                    .getFirst().models().stream().map(ModelSpec::name).toList());
            assertEquals(Duration.ofMinutes(1), config.catalog().retryInterval());
        } finally {
            System.clearProperty("retry_interval");
        }
    }
}

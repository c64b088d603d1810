package dev.ogem.server.config;

import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import dev.ogem.quota.ValkeySettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading, defaults, environment overrides and the general (non-rule) errors. */
class ConfigLoaderTest {

    private static final String OPENAI = """
            providers:
              openai:
                regions:
                  openai:
                    models: [gpt-4o, gpt-4o-mini]
            """;
    private static final Map<String, String> OPENAI_ENV = Map.of("OPENAI_API_KEY", "sk-test-value-never-logged");

    @TempDir
    Path dir;
    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void bundledSampleLoadsWithAnEmptyEnvironment() {
        GatewayConfig config = ConfigLoader.load(Map.of(), dir);

        assertTrue(config.source().contains("ogem-sample.yaml"), config.source());
        ProviderSpec local = config.catalog().providers().getFirst();
        assertEquals("local", local.name());
        assertEquals(ProviderKind.CUSTOM, local.kind());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:11434/v1")), local.baseUrl());
        assertEquals(Optional.empty(), local.apiKeyEnv());
        RegionSpec region = local.regions().getFirst();
        assertEquals("local", region.name());
        assertEquals("llama3.2", region.models().getFirst().name());
        assertFalse(region.models().getFirst().otherNames().isEmpty());
        assertEquals(8080, config.port());
        assertEquals(Optional.empty(), config.gatewayKey());
        assertEquals(Optional.empty(), config.store().valkey());
    }

    @Test
    void configYamlInTheWorkingDirectoryWinsOverTheSample() throws IOException {
        Files.writeString(dir.resolve("config.yaml"), OPENAI);

        GatewayConfig config = ConfigLoader.load(OPENAI_ENV, dir);

        assertEquals("openai", config.catalog().providers().getFirst().name());
        assertTrue(config.source().endsWith("config.yaml"), config.source());
    }

    @Test
    void aMissingConfigSourceFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("CONFIG_SOURCE", "nope/missing.yaml"), dir));
        assertTrue(e.getMessage().startsWith("CONFIG_SOURCE: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing.yaml") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        GatewayConfig config = fixture.load(OPENAI, OPENAI_ENV);

        assertEquals(Duration.ofMinutes(1), config.catalog().retryInterval());
        assertEquals(Duration.ofHours(1), config.catalog().pingInterval());
        assertEquals(8080, config.port());
        assertEquals(Optional.empty(), config.gatewayKey());
    }

    @Test
    void environmentOverridesYaml() {
        String yaml = """
                retry_interval: 5m
                ping_interval: 0
                port: 9000
                valkey_endpoint: yaml-host:6379
                """ + OPENAI;
        GatewayConfig fromYaml = fixture.load(yaml, OPENAI_ENV);
        assertEquals(Duration.ofMinutes(5), fromYaml.catalog().retryInterval());
        assertEquals(Duration.ZERO, fromYaml.catalog().pingInterval());
        assertEquals(9000, fromYaml.port());
        assertEquals(Optional.of("yaml-host:6379"), valkeyEndpoint(fromYaml));

        GatewayConfig config = fixture.load(yaml, Map.of("OPENAI_API_KEY", "x", "PORT", "8181",
                "RETRY_INTERVAL", "1h30m", "PING_INTERVAL", "300ms", "VALKEY_ENDPOINT", "valkey:6380",
                "OPEN_GEMINI_API_KEY", "gateway-secret"));
        assertEquals(8181, config.port());
        assertEquals(Duration.ofMinutes(90), config.catalog().retryInterval());
        assertEquals(Duration.ofMillis(300), config.catalog().pingInterval());
        assertEquals(Optional.of("valkey:6380"), valkeyEndpoint(config));
        assertEquals(Optional.of("gateway-secret"), config.gatewayKey());
        assertEquals(Optional.of("x"), config.providers().apiKey("openai"));
    }

    @Test
    void toStringLeaksNoSecret() {
        GatewayConfig config = fixture.load(OPENAI,
                Map.of("OPENAI_API_KEY", "sk-live-abc", "OPEN_GEMINI_API_KEY", "gw-key-xyz"));
        String text = config.toString();
        assertFalse(text.contains("sk-live-abc") || text.contains("gw-key-xyz"), text);
        assertTrue(text.contains("gatewayKey=set"), text);
    }

    @Test
    void modelsMayBePlainNamesOrMappingsAndTheTemplateComesFirst() {
        GatewayConfig config = fixture.load("""
                providers:
                  vertex:
                    regions:
                      default:
                        models: [model-a, model-b]
                      us-central1:
                        models:
                          - model-c
                          - name: model-d
                            other_names: [d]
                            rate_key: shared
                            rpm: "1_000"
                            tpm: '250'
                      europe-west4:
                """, Map.of("GOOGLE_CLOUD_PROJECT", "proj"));

        List<RegionSpec> regions = config.catalog().providers().getFirst().regions();
        assertEquals(List.of("us-central1", "europe-west4"), regions.stream().map(RegionSpec::name).toList());
        assertEquals(List.of("model-a", "model-b", "model-c", "model-d"),
                regions.get(0).models().stream().map(ModelSpec::name).toList());
        assertEquals(new ModelSpec("model-d", List.of("d"), "shared", 1000, 250), regions.get(0).models().get(3));
        assertEquals(new ModelSpec("model-c", List.of(), "model-c", 0, 0), regions.get(0).models().get(2));
        assertEquals(List.of("model-a", "model-b"), regions.get(1).models().stream().map(ModelSpec::name).toList());
    }

    @Test
    void yamlLookalikesStayNames() {
        GatewayConfig config = fixture.load("""
                providers:
                  openai:
                    regions:
                      openai:
                        models: [no, "on", 0123, 2024-01-01]
                """, OPENAI_ENV);
        assertEquals(List.of("no", "on", "0123", "2024-01-01"),
                config.catalog().providers().getFirst().regions().getFirst().models().stream()
                        .map(ModelSpec::name).toList());
    }

    @Test
    void googleCloudProjectFromYamlFillsTheEnvironment() {
        GatewayConfig config = fixture.load("""
                google_cloud_project: my-proj
                providers:
                  vertex:
                    regions:
                      us-east5: {models: [gemini-2.0-flash]}
                """, Map.of());
        assertEquals(Optional.of("my-proj"), config.providers().googleCloudProject());
    }

    @Test
    void unknownTopLevelKeysAreIgnored() {
        GatewayConfig config = fixture.load("""
                routing:
                  strategy: latency
                  circuit_breaker: {failure_threshold: 5}
                enable_virtual_keys: false
                future_feature: [1, 2]
                """ + OPENAI, OPENAI_ENV);
        assertEquals(1, config.catalog().providers().size());
    }

    @Test
    void unknownKeysBelowProvidersAreErrors() {
        fixture.fails(OPENAI.replace("models:", "other_name: x\n        models:"), OPENAI_ENV,
                "providers.openai.regions.openai.other_name", "unknown key");
        fixture.fails("""
                providers:
                  openai:
                    regions:
                      openai:
                        models:
                          - name: gpt-4o
                            rpms: 5
                """, OPENAI_ENV, "providers.openai.regions.openai.models[0].rpms", "unknown key");
    }

    @Test
    void malformedYamlNamesTheLineButNotTheText() {
        ConfigException e = fixture.fails("""
                providers:
                  openai: {regions: [unclosed
                  hidden: sk-this-is-the-text-around-the-error
                """, OPENAI_ENV, "file " + dir.resolve("test-config.yaml").toAbsolutePath(), "malformed YAML at line");
        assertFalse(e.getMessage().contains("sk-this"), e.getMessage());
    }

    @Test
    void duplicateKeysAreMalformed() {
        fixture.fails(OPENAI + OPENAI, OPENAI_ENV, "file " + dir.resolve("test-config.yaml").toAbsolutePath(),
                "duplicate key");
    }

    @Test
    void noProvidersIsAnError() {
        fixture.fails("retry_interval: 1m\n", Map.of(), "providers", "no provider");
    }

    @Test
    void aBadDurationNamesItsPath() {
        fixture.fails("retry_interval: 1 minute\n" + OPENAI, OPENAI_ENV, "retry_interval", "unknown unit");
        fixture.fails("retry_interval: ms\n" + OPENAI, OPENAI_ENV, "retry_interval", "invalid duration");
        fixture.fails("ping_interval: 90\n" + OPENAI, OPENAI_ENV, "ping_interval", "missing unit");
        fixture.fails("ping_interval: -1s\n" + OPENAI, OPENAI_ENV, "ping_interval", "negative");
        fixture.fails(OPENAI, Map.of("OPENAI_API_KEY", "x", "RETRY_INTERVAL", "1d"), "RETRY_INTERVAL", "unknown unit");
    }

    @Test
    void aBadPortIsAnError() {
        fixture.fails(OPENAI, Map.of("OPENAI_API_KEY", "x", "PORT", "eighty"), "PORT", "port number");
        fixture.fails(OPENAI, Map.of("OPENAI_API_KEY", "x", "PORT", "70000"), "PORT", "port number");
        fixture.fails(OPENAI, Map.of("OPENAI_API_KEY", "x", "PORT", "-1"), "PORT", "port number");
        fixture.fails("port: http\n" + OPENAI, OPENAI_ENV, "port", "port number");
    }

    private static Optional<String> valkeyEndpoint(GatewayConfig config) {
        return config.store().valkey().map(ValkeySettings::endpoint);
    }
}

package dev.ogem.server.config;

import dev.ogem.api.Endpoint;
import dev.ogem.api.ModelSpec;
import dev.ogem.api.ProviderKind;
import dev.ogem.api.ProviderSpec;
import dev.ogem.api.RegionSpec;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every config example of the original README (test resources under config/) loads unchanged. */
class ReadmeExamplesTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-openai", "GOOGLE_CLOUD_PROJECT", "my-project",
            "EXAMPLE_API_KEY", "example-key", "ANOTHER_API_KEY", "another-key");

    private static GatewayConfig load(String resource) {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("CONFIG_SOURCE", resourcePath(resource).toString());
        return ConfigLoader.load(env);
    }

    private static Path resourcePath(String resource) {
        try {
            return Path.of(ReadmeExamplesTest.class.getResource("/config/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RegionSpec region(GatewayConfig config, String provider, String region) {
        return config.catalog().endpoints()
                .filter(e -> e.provider().name().equals(provider) && e.region().name().equals(region))
                .map(Endpoint::region).findFirst().orElseThrow();
    }

    @Test
    void mainExample() {
        GatewayConfig config = load("readme-main.yaml");

        assertEquals(Duration.ofMinutes(1), config.catalog().retryInterval());
        assertEquals(Duration.ofHours(1), config.catalog().pingInterval());
        assertEquals(List.of("openai/openai", "vertex/us-central1"),
                config.catalog().endpoints().map(Endpoint::label).toList());
        assertEquals(new ModelSpec("gpt-4", List.of(), "gpt-4", 10_000, 1_000_000),
                region(config, "openai", "openai").models().getFirst());
        assertEquals(List.of(new ModelSpec("gemini-1.5-flash", List.of(), "gemini-1.5-flash", 200, 4_000_000),
                        new ModelSpec("gemini-1.5-pro", List.of(), "gemini-1.5-pro", 60, 4_000_000)),
                region(config, "vertex", "us-central1").models());
        assertEquals(ProviderKind.VERTEX, config.catalog().providers().get(1).kind());
    }

    @Test
    void customEndpointExample() {
        GatewayConfig config = load("readme-custom.yaml");

        List<ProviderSpec> providers = config.catalog().providers();
        assertEquals(List.of("custom", "another"), providers.stream().map(ProviderSpec::name).toList());
        ProviderSpec custom = providers.get(0);
        assertEquals(ProviderKind.CUSTOM, custom.kind());
        assertEquals(Optional.of(URI.create("https://api.example.com/v1")), custom.baseUrl());
        assertEquals(Optional.of("EXAMPLE_API_KEY"), custom.apiKeyEnv());
        assertEquals(new ModelSpec("some-model", List.of(), "some-model", 10_000, 30_000_000),
                region(config, "custom", "custom").models().getFirst());
        assertEquals(Optional.of("ANOTHER_API_KEY"), providers.get(1).apiKeyEnv());
        assertEquals(new ModelSpec("your-model-name", List.of(), "your-rate-key", 0, 0),
                region(config, "another", "another").models().getFirst());
    }

    @Test
    void finetunedModelExample() {
        ModelSpec model = region(load("readme-finetuned.yaml"), "vertex", "us-central1").models().getFirst();

        assertEquals("projects/1234567890123/locations/us-central1/endpoints/45678901234567890123", model.name());
        assertEquals(List.of("finetuned-flash"), model.otherNames());
        assertTrue(model.answersTo("finetuned-flash"));
        assertEquals("gemini-1.5-flash", model.rateKey());
        assertEquals(200, model.rpm());
        assertEquals(4_000_000, model.tpm());
    }

    @Test
    void rateLimitExample() {
        assertEquals(new ModelSpec("gemini-1.5-pro", List.of(), "gemini-1.5-pro", 60, 4_000_000),
                region(load("readme-ratelimit.yaml"), "vertex", "us-central1").models().getFirst());
    }

    @Test
    void batchModelExample() {
        assertEquals(new ModelSpec("gpt-4o@batch", List.of(), "gpt-4o@batch", 10_000, 30_000_000),
                region(load("readme-batch.yaml"), "openai", "openai").models().getFirst());
    }
}

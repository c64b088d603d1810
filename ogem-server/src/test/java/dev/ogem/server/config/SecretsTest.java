package dev.ogem.server.config;

import dev.ogem.api.ProviderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The secrets come from the environment, one key per provider, and never show in a summary. */
class SecretsTest {

    private static final String YAML = """
            providers:
              openai:
                regions: {openai: {models: [gpt-4o]}}
              claude:
                regions: {claude: {models: [claude-sonnet-4-5]}}
              studio:
                regions: {studio: {models: [gemini-2.5-flash]}}
              vertex:
                regions: {us-central1: {models: [gemini-2.5-pro]}}
              corp:
                base_url: https://llm.corp.example/v1
                protocol: openai
                api_key_env: CORP_LLM_KEY
                regions: {corp: {models: [m]}}
              local:
                base_url: http://127.0.0.1:8000/v1
                protocol: openai
                regions: {local: {models: [m]}}
            """;
    private static final Map<String, String> ENVIRONMENT = Map.of("OPENAI_API_KEY", "sk-openai-value",
            "CLAUDE_API_KEY", "sk-ant-value", "GENAI_STUDIO_API_KEY", "studio-value", "CORP_LLM_KEY", "corp-value",
            "GOOGLE_CLOUD_PROJECT", "proj", "OPEN_GEMINI_API_KEY", " gateway-value ");

    @TempDir
    Path dir;

    @Test
    void eachProviderGetsTheKeyOfItsVariable() {
        GatewayConfig config = new ConfigFixture(dir).load(YAML, ENVIRONMENT);
        Secrets secrets = Secrets.read(config.catalog(), ENVIRONMENT);

        assertEquals(Map.of("openai", "sk-openai-value", "claude", "sk-ant-value", "studio", "studio-value",
                "corp", "corp-value"), secrets.apiKeys());
        assertEquals(Optional.of("gateway-value"), secrets.gatewayKey());
        assertEquals(secrets.apiKeys(), config.providers().apiKeys());
        assertEquals(secrets.gatewayKey(), config.gatewayKey());
        assertEquals(Optional.of("proj"), config.providers().googleCloudProject());
    }

    @Test
    void eachBuiltInProviderNamesItsVariableInOnePlace() {
        assertEquals(Optional.of("OPENAI_API_KEY"), ProviderVariables.of(ProviderKind.OPENAI));
        assertEquals(Optional.of("CLAUDE_API_KEY"), ProviderVariables.of(ProviderKind.CLAUDE));
        assertEquals(Optional.of("GENAI_STUDIO_API_KEY"), ProviderVariables.of(ProviderKind.STUDIO));
        assertEquals(Optional.of("GOOGLE_CLOUD_PROJECT"), ProviderVariables.of(ProviderKind.VERTEX));
        assertTrue(ProviderVariables.of(ProviderKind.CUSTOM).isEmpty(), "a custom provider names its own");
    }

    @Test
    void readingAgainSeesTheNewValuesAndBlankIsUnset() {
        GatewayConfig config = new ConfigFixture(dir).load(YAML, ENVIRONMENT);
        Map<String, String> rotated = new HashMap<>(ENVIRONMENT);
        rotated.put("CORP_LLM_KEY", "corp-rotated");
        rotated.put("OPEN_GEMINI_API_KEY", "  ");

        Secrets secrets = Secrets.read(config.catalog(), rotated);

        assertEquals(Optional.of("corp-rotated"), Optional.ofNullable(secrets.apiKeys().get("corp")));
        assertEquals(Optional.empty(), secrets.gatewayKey());
    }

    @Test
    void theSummaryNamesProvidersButNoValue() {
        GatewayConfig config = new ConfigFixture(dir).load(YAML, ENVIRONMENT);
        String texts = Secrets.read(config.catalog(), ENVIRONMENT) + " " + config.providers() + " " + config;

        for (String value : ENVIRONMENT.values()) {
            if (!value.equals("proj")) {
                assertFalse(texts.contains(value.trim()), texts);
            }
        }
        assertTrue(texts.contains("[claude, corp, openai, studio]"), texts);
    }
}

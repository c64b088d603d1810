package dev.ogem.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretScanTest {

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "apiKey", "API-KEY", "key", "secret", "client_secret", "token", "access_token",
            "password", "passwd", "openaiapikey", "ogemapikey", "masterapikey", "anthropic_key"})
    void secretKeyNames(String key) {
        assertTrue(SecretScan.namesSecret(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key_env", "rate_key", "name", "other_names", "rpm", "tpm", "base_url", "protocol",
            "max_tokens", "models", "regions", "enable_virtual_keys"})
    void schemaKeyNames(String key) {
        assertFalse(SecretScan.namesSecret(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-abcdefghijklmnopqrstuvwx", "sk-proj-AbCdEf0123456789_-xyzXYZ",
            "sk-ant-api03-abcdefghijklmnop", "AIzaSyA1234567890abcdefghijklmnopqrstu",
            "Bearer sk-abcdefghijklmnopqrstuvwx", "gsk_abcdefghijklmnopqrstuvwx", "AKIAIOSFODNN7EXAMPLE",
            "-----BEGIN PRIVATE KEY-----"})
    void credentialLikeValues(String value) {
        assertTrue(SecretScan.looksLikeCredential(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o", "sk-short", "task-abcdefghijklmnopqrstuvwxyz", "AIza-short",
            "projects/1234567890123/locations/us-central1/endpoints/45678901234567890123",
            "claude-3-5-sonnet-20241022", "https://api.example.com/v1", "EXAMPLE_API_KEY"})
    void ordinaryValues(String value) {
        assertFalse(SecretScan.looksLikeCredential(value), value);
    }

    @Test
    void providerAndRegionNamesAreNotCheckedAsKeys() {
        SecretScan.check(tree("providers: {token: {regions: {token: {}}}}"));
    }

    @Test
    void aKeyNamingASecretIsRefusedByItsPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SecretScan.check(tree("providers: {mine: {api_key: hidden-value}}")));
        assertTrue(e.getMessage().startsWith("providers.mine.api_key: secrets are not allowed"), e.getMessage());
        assertFalse(e.getMessage().contains("hidden-value"), e.getMessage());
    }

    @Test
    void findsAKeyDeepInAListAndNamesOnlyThePath() {
        String secret = "sk-abcdefghijklmnopqrstuvwxyz";
        ConfigTree tree = tree("""
                providers:
                  mine:
                    regions:
                      mine:
                        models:
                          - a
                          - name: b
                            other_names: [%s]
                """.formatted(secret));
        ConfigException e = assertThrows(ConfigException.class, () -> SecretScan.check(tree));
        assertTrue(e.getMessage().startsWith("providers.mine.regions.mine.models[1].other_names[0]: "), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }

    private static ConfigTree tree(String yaml) {
        return ConfigTree.root(YamlParser.parse(new ConfigText(yaml, "test")));
    }
}

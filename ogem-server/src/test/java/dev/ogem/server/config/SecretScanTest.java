package dev.ogem.server.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
        SecretScan.check(Map.of("providers", Map.of("token", Map.of("regions", Map.of("token", Map.of())))));
    }

    @Test
    void findsAKeyDeepInAListAndNamesOnlyThePath() {
        String secret = "sk-abcdefghijklmnopqrstuvwxyz";
        Map<String, Object> tree = Map.of("providers", Map.of("mine", Map.of("regions", Map.of("mine",
                Map.of("models", List.of("a", Map.of("name", "b", "other_names", List.of(secret))))))));
        ConfigException e = assertThrows(ConfigException.class, () -> SecretScan.check(tree));
        assertTrue(e.getMessage().startsWith("providers.mine.regions.mine.models[1].other_names[0]: "), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
}

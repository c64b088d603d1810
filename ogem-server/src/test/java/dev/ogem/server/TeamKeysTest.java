package dev.ogem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ogem.api.OpenAiJson;
import dev.ogem.providers.testing.FakeUpstream;
import dev.ogem.providers.testing.FakeUpstream.Reply;
import dev.ogem.providers.testing.OpenAiFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Named client keys from the config's {@code keys} section, each stored as its SHA-256: every team's key
 * works, with its own rpm (one team at its limit gets 429 while another is served) and its own list of
 * models (403 outside it); a wrong key is 401. The key's name shows in {@code /v1/status} and the metrics,
 * the key and its hash never.
 */
class TeamKeysTest {

    static final String SEARCH_KEY = "sk-team-search-3f9a";
    static final String ADS_KEY = "sk-team-ads-81c2";

    private static FakeUpstream upstream;
    private static TestGateway gateway;

    static String hash(String key) {
        return HexFormat.of().formatHex(ClientKeys.sha256(key));
    }

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        upstream.answer(r -> Reply.json(200, OpenAiFixtures.completion(r.json().path("model").asText(), "hi")));
        gateway = TestGateway.start("""
                ping_interval: "0"
                keys:
                  search: { sha256: %s, rpm: 2 }
                  ads:
                    sha256: %s
                    rpm: 100
                    tpm: 100_000
                    models: [ "gpt-4o*", claude-haiku ]
                providers:
                  local:
                    base_url: %s
                    protocol: openai
                    regions: { local: { models: [ gpt-4o, gpt-4o-mini, o3 ] } }
                """.formatted(hash(SEARCH_KEY), hash(ADS_KEY).toUpperCase(), upstream.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletion ask(OpenAIClient client, String model) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("hello").build());
    }

    private static HttpResponse<String> post(String key, String model) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")).build());
    }

    @Test
    void aTeamAtItsLimitGets429WhileTheOtherTeamIsServed() {
        OpenAIClient search = sdk(SEARCH_KEY);
        OpenAIClient ads = sdk(ADS_KEY);
        assertEquals("hi", ask(search, "gpt-4o").choices().getFirst().message().content().orElseThrow());
        ask(search, "o3");
        int before = upstream.received().size();

        RateLimitException limited = assertThrows(RateLimitException.class, () -> ask(search, "gpt-4o"));
        assertEquals(429, limited.statusCode());
        assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
        assertTrue(limited.getMessage().contains("'search'"), limited.getMessage());
        assertEquals(before, upstream.received().size(), "a refused request is not sent upstream");
        HttpResponse<String> raw = post(SEARCH_KEY, "gpt-4o");
        assertEquals(429, raw.statusCode());
        long retryAfter = Long.parseLong(raw.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "within the window: " + retryAfter);

        assertEquals("hi", ask(ads, "gpt-4o").choices().getFirst().message().content().orElseThrow());
        ask(sdk(TestGateway.KEY), "o3");
    }

    @Test
    void aModelOutsideTheKeysListIsRefusedBeforeRouting() throws IOException {
        int before = upstream.received().size();
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> ask(sdk(ADS_KEY), "o3"));
        assertEquals(403, denied.statusCode());
        assertEquals("model_not_allowed", denied.code().orElseThrow());

        HttpResponse<String> chain = post(ADS_KEY, "gpt-4o-mini,o3");
        assertEquals(403, chain.statusCode(), "every entry of a chain must be allowed");
        JsonNode error = OpenAiJson.readTree(chain.body()).path("error");
        assertEquals("model", error.path("param").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals(before, upstream.received().size());

        assertEquals(200, post(ADS_KEY, "gpt-4o-mini").statusCode(), "a pattern");
        assertEquals(200, post(ADS_KEY, "local/gpt-4o").statusCode(), "the model part of provider/model");
        assertEquals(200, post(TestGateway.KEY, "o3").statusCode(), "the gateway key has no list");
    }

    @Test
    void aWrongKeyOrAKeysHashIs401() {
        assertThrows(UnauthorizedException.class, () -> ask(sdk(ADS_KEY + "x"), "gpt-4o"));
        assertEquals(401, post(hash(ADS_KEY), "gpt-4o").statusCode(), "the hash is not the key");
        assertEquals(401, post(ADS_KEY.substring(0, ADS_KEY.length() - 1), "gpt-4o").statusCode());
        assertEquals(401, gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models")).GET().build()).statusCode());
    }

    @Test
    void statusAndMetricsNameTheKeyButNeverShowItOrItsHash() throws IOException {
        assertEquals(200, post(ADS_KEY, "gpt-4o").statusCode());
        HttpResponse<String> status = gateway.get("/v1/status");
        assertEquals(200, status.statusCode());
        JsonNode ads = OpenAiJson.readTree(status.body()).path("keys").path("ads");
        assertEquals(100, ads.path("rpm").asLong());
        assertEquals(100_000, ads.path("tpm").asLong());
        assertEquals("gpt-4o*", ads.path("models").get(0).asText());
        long used = ads.path("used_requests").asLong();
        assertTrue(used >= 1, status.body());
        assertEquals(100 - used, ads.path("remaining_rpm").asLong());
        assertTrue(ads.path("used_tokens").asLong() >= 7, "settled to the usage the upstream reported");
        JsonNode search = OpenAiJson.readTree(status.body()).path("keys").path("search");
        assertEquals(2, search.path("rpm").asLong());
        assertTrue(search.path("remaining_tpm").isNull(), "tpm unlimited");

        String metrics = gateway.get("/observe/metrics").body();
        assertTrue(metrics.contains("key=\"ads\""), metrics);
        assertTrue(metrics.contains("ogem_tokens_total{key=\"ads\",type=\"prompt\"}"), metrics);
        for (String body : new String[] {status.body(), metrics}) {
            assertFalse(body.contains(ADS_KEY) || body.contains(SEARCH_KEY) || body.contains(TestGateway.KEY));
            assertFalse(body.contains(hash(ADS_KEY)) || body.contains(hash(ADS_KEY).toUpperCase()));
        }
    }
}

package dev.ogem.server.config;

import dev.ogem.batch.BatchSettings;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.routing.RouterSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment variables read into typed module settings, and one test per validation message. */
class EnvironmentSettingsTest {

    private static final String OPENAI = """
            providers:
              openai:
                regions:
                  openai:
                    models: [gpt-4o]
            """;

    @TempDir
    Path dir;
    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private GatewayConfig load(Map<String, String> variables) {
        return fixture.load(OPENAI, with(variables));
    }

    private void fails(Map<String, String> variables, String variable, String reason) {
        fixture.fails(OPENAI, with(variables), variable, reason);
    }

    private static Map<String, String> with(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(variables);
        all.put("OPENAI_API_KEY", "sk-test-value-never-logged");
        return all;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        GatewayConfig config = load(Map.of());

        assertEquals(RouterSettings.builder().build().requestTimeout(), config.routing().requestTimeout());
        assertEquals(Duration.ofMinutes(10), config.routing().requestTimeout());
        assertEquals(Duration.ofSeconds(120), config.routing().firstByteTimeout());
        assertEquals(Duration.ofHours(24), config.routing().cacheTtl());
        assertEquals(Duration.ofSeconds(10), config.batch().flushAfter());
        assertEquals(Duration.ofSeconds(1), config.batch().pollFirst());
        assertEquals(32L * 1024 * 1024, config.maxRequestBytes());
        assertEquals(new StoreSettings(Optional.empty(), StateStore.DEFAULT_CACHE_BYTES), config.store());
        assertFalse(config.providers().allowPrivateImageHosts());
        assertEquals(Optional.empty(), config.providers().googleCredentialsFile());
        assertEquals(Duration.ofSeconds(120), config.providers().limits().streamIdleTimeout());
        assertEquals(Set.of(), config.providers().vertexGcsBuckets());
    }

    @Test
    void everySettingArrivesTyped() {
        GatewayConfig config = load(Map.ofEntries(
                Map.entry("REQUEST_TIMEOUT", "90"), Map.entry("FIRST_BYTE_TIMEOUT", "1.5"),
                Map.entry("CACHE_TTL", "1h30m"), Map.entry("BATCH_FLUSH_INTERVAL", "250ms"),
                Map.entry("BATCH_POLL_INTERVAL", "45s"), Map.entry("MAX_REQUEST_BYTES", "1_048_576"),
                Map.entry("VALKEY_ENDPOINT", "[::1]:6380"), Map.entry("VALKEY_USER", "ogem"),
                Map.entry("VALKEY_PASSWORD", "valkey-pass-never-logged"), Map.entry("VALKEY_TLS", "TRUE"),
                Map.entry("VALKEY_DB", "3"), Map.entry("OGEM_IMAGE_FETCH_ALLOW_PRIVATE", "1"),
                Map.entry("GOOGLE_APPLICATION_CREDENTIALS", "keys/sa.json"), Map.entry("CACHE_MAX_BYTES", "0"),
                Map.entry("STREAM_IDLE_TIMEOUT", "5m"),
                Map.entry("OGEM_VERTEX_GCS_BUCKETS", " team-images, ml_datasets.eu ,,")));

        assertEquals(Duration.ofSeconds(90), config.routing().requestTimeout());
        assertEquals(Duration.ofMillis(1500), config.routing().firstByteTimeout());
        assertEquals(Duration.ofMinutes(90), config.routing().cacheTtl());
        BatchSettings batch = config.batch();
        assertEquals(Duration.ofMillis(250), batch.flushAfter());
        assertEquals(Duration.ofSeconds(45), batch.pollFirst());
        assertEquals(Duration.ofSeconds(45), batch.pollMax(), "a first wait above 30 s raises the cap with it");
        assertEquals(1_048_576L, config.maxRequestBytes());
        ValkeySettings valkey = config.store().valkey().orElseThrow();
        assertEquals(ValkeySettings.builder().endpoint("[::1]:6380").user("ogem").password("valkey-pass-never-logged")
                .tls(true).database(3).build(), valkey);
        assertEquals(0, config.store().memoryCacheBytes());
        assertTrue(config.providers().allowPrivateImageHosts());
        assertEquals(Optional.of(Path.of("keys/sa.json")), config.providers().googleCredentialsFile());
        assertEquals(Duration.ofMinutes(5), config.providers().limits().streamIdleTimeout());
        assertEquals(Set.of("team-images", "ml_datasets.eu"), config.providers().vertexGcsBuckets());
        assertFalse(config.toString().contains("valkey-pass-never-logged"), config.toString());
        assertFalse(config.toString().contains("sk-test-value-never-logged"), config.toString());
    }

    @Test
    void aPasswordAloneIsSentWithoutAUser() {
        ValkeySettings valkey = load(Map.of("VALKEY_ENDPOINT", "valkey:6379", "VALKEY_PASSWORD", "p"))
                .store().valkey().orElseThrow();
        assertEquals(ValkeySettings.builder().endpoint("valkey:6379").password("p").build(), valkey);
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        GatewayConfig config = load(Map.of("MAX_REQUEST_BYTES", " ", "REQUEST_TIMEOUT", "", "VALKEY_TLS", " "));
        assertEquals(GatewayConfig.DEFAULT_MAX_REQUEST_BYTES, config.maxRequestBytes());
        assertEquals(Duration.ofMinutes(10), config.routing().requestTimeout());
    }

    @Test
    void aNumberThatIsNotWhole() {
        fails(Map.of("MAX_REQUEST_BYTES", "abc"), "MAX_REQUEST_BYTES", "not a whole number: \"abc\"");
        fails(Map.of("CACHE_MAX_BYTES", "64MiB"), "CACHE_MAX_BYTES", "not a whole number: \"64MiB\"");
        fails(Map.of("VALKEY_ENDPOINT", "v:6379", "VALKEY_DB", "1.5"), "VALKEY_DB", "not a whole number: \"1.5\"");
    }

    @Test
    void aNegativeNumber() {
        fails(Map.of("CACHE_MAX_BYTES", "-1"), "CACHE_MAX_BYTES", "must not be negative: \"-1\"");
        fails(Map.of("MAX_REQUEST_BYTES", "-5"), "MAX_REQUEST_BYTES", "must not be negative: \"-5\"");
    }

    @Test
    void aNumberOutOfRange() {
        fails(Map.of("MAX_REQUEST_BYTES", "0"), "MAX_REQUEST_BYTES", "must be at least 1: \"0\"");
        fails(Map.of("VALKEY_ENDPOINT", "v:6379", "VALKEY_DB", "4294967296"), "VALKEY_DB",
                "must be at most 2147483647: \"4294967296\"");
        fails(Map.of("MAX_REQUEST_BYTES", "99999999999999999999"), "MAX_REQUEST_BYTES", "is too large");
    }

    @Test
    void aBadDuration() {
        fails(Map.of("REQUEST_TIMEOUT", "ten minutes"), "REQUEST_TIMEOUT", "not a duration: \"ten minutes\"");
        fails(Map.of("FIRST_BYTE_TIMEOUT", "2d"), "FIRST_BYTE_TIMEOUT", "not a duration: \"2d\"");
        fails(Map.of("CACHE_TTL", "-1h"), "CACHE_TTL", "must be positive: \"-1h\"");
        fails(Map.of("BATCH_FLUSH_INTERVAL", "0"), "BATCH_FLUSH_INTERVAL", "must be positive: \"0\"");
        fails(Map.of("BATCH_POLL_INTERVAL", "0s"), "BATCH_POLL_INTERVAL", "must be positive: \"0s\"");
        fails(Map.of("STREAM_IDLE_TIMEOUT", "0"), "STREAM_IDLE_TIMEOUT", "must be positive: \"0\"");
    }

    @Test
    void aBadSwitch() {
        fails(Map.of("OGEM_IMAGE_FETCH_ALLOW_PRIVATE", "yes"), "OGEM_IMAGE_FETCH_ALLOW_PRIVATE",
                "not true or false: \"yes\"");
        fails(Map.of("VALKEY_ENDPOINT", "v:6379", "VALKEY_TLS", "on"), "VALKEY_TLS", "not true or false: \"on\"");
    }

    @Test
    void aBadBucketName() {
        fails(Map.of("OGEM_VERTEX_GCS_BUCKETS", "team-images,gs://billing"), "OGEM_VERTEX_GCS_BUCKETS",
                "not a Cloud Storage bucket name: \"gs://billing\"");
        fails(Map.of("OGEM_VERTEX_GCS_BUCKETS", "Team"), "OGEM_VERTEX_GCS_BUCKETS",
                "not a Cloud Storage bucket name: \"Team\"");
    }

    @Test
    void aBadValkeyEndpointNamesWhereItWasWritten() {
        fails(Map.of("VALKEY_ENDPOINT", "valkey"), "VALKEY_ENDPOINT", "not a Valkey host:port: \"valkey\"");
        fixture.fails("valkey_endpoint: valkey:http\n" + OPENAI, with(Map.of()), "valkey_endpoint",
                "not a Valkey host:port: \"valkey:http\"");
    }

    @Test
    void aClusterOrSentinelTakesAListOfNodes() {
        ValkeySettings cluster = load(Map.of("VALKEY_ENDPOINT", "v1:7000, v2:7000,v3:7000", "VALKEY_MODE", "Cluster",
                "VALKEY_PASSWORD", "p")).store().valkey().orElseThrow();
        assertEquals(ValkeySettings.builder().cluster("v1:7000,v2:7000,v3:7000").password("p").build(), cluster);
        ValkeySettings sentinel = load(Map.of("VALKEY_ENDPOINT", "s1:26379,s2:26379", "VALKEY_MODE", "sentinel",
                "VALKEY_DB", "2")).store().valkey().orElseThrow();
        assertEquals(ValkeySettings.builder().sentinel("s1:26379,s2:26379", "mymaster").database(2).build(), sentinel);
        ValkeySettings named = load(Map.of("VALKEY_ENDPOINT", "s1:26379", "VALKEY_MODE", "sentinel",
                "VALKEY_SENTINEL_MASTER", "ogem")).store().valkey().orElseThrow();
        assertEquals(Optional.of("ogem"), named.sentinelMaster());
        assertEquals(ValkeySettings.of("v:6379"),
                load(Map.of("VALKEY_ENDPOINT", "v:6379", "VALKEY_MODE", "standalone")).store().valkey().orElseThrow());
    }

    @Test
    void aBadValkeyModeOrAModeThatDoesNotFit() {
        fails(Map.of("VALKEY_ENDPOINT", "v:6379", "VALKEY_MODE", "replicated"), "VALKEY_MODE",
                "not standalone, cluster or sentinel: \"replicated\"");
        fails(Map.of("VALKEY_MODE", "cluster"), "VALKEY_MODE", "needs VALKEY_ENDPOINT (or valkey_endpoint): \"cluster\"");
        fails(Map.of("VALKEY_ENDPOINT", "v1:6379,v2:6379"), "VALKEY_ENDPOINT",
                "one host:port in standalone mode; a list needs VALKEY_MODE=cluster or sentinel: \"v1:6379,v2:6379\"");
        fails(Map.of("VALKEY_ENDPOINT", "v1:7000,v2", "VALKEY_MODE", "cluster"), "VALKEY_ENDPOINT",
                "not a comma-separated list of Valkey host:port: \"v1:7000,v2\"");
        fails(Map.of("VALKEY_ENDPOINT", "v1:7000", "VALKEY_MODE", "cluster", "VALKEY_DB", "3"), "VALKEY_DB",
                "must be 0 with VALKEY_MODE=cluster (a cluster has only database 0): \"3\"");
        fails(Map.of("VALKEY_ENDPOINT", "v:6379", "VALKEY_SENTINEL_MASTER", "mymaster"), "VALKEY_SENTINEL_MASTER",
                "set, but VALKEY_MODE is not sentinel: \"mymaster\"");
    }

    @Test
    void aMessageNeverCarriesTheValkeyPassword() {
        ConfigException e = fixture.fails(OPENAI, with(Map.of("VALKEY_ENDPOINT", "v:6379",
                "VALKEY_PASSWORD", "pass-never-shown", "VALKEY_DB", "x")), "VALKEY_DB", "not a whole number");
        assertFalse(e.getMessage().contains("pass-never-shown"), e.getMessage());
    }
}

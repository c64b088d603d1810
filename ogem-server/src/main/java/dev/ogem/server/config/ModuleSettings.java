package dev.ogem.server.config;

import dev.ogem.batch.BatchSettings;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.quota.StateStore;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.routing.RouterSettings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns the environment (and the YAML keys that have a variable) into the typed settings each module takes, so
 * that no module reads the environment itself:
 * <ul>
 *   <li>router: {@code REQUEST_TIMEOUT} (default deadline of a request, 10m), {@code FIRST_BYTE_TIMEOUT} (longest
 *       one upstream attempt may take to its first chunk or plain answer, 120s), {@code CACHE_TTL} (24h);</li>
 *   <li>batch: {@code BATCH_FLUSH_INTERVAL} (a queue is flushed this long after its first request, 10s) and
 *       {@code BATCH_POLL_INTERVAL} (first wait between two polls of a batch, doubling up to 30 s, 1s);</li>
 *   <li>state: {@code VALKEY_ENDPOINT} (else YAML {@code valkey_endpoint}), {@code VALKEY_USER},
 *       {@code VALKEY_PASSWORD}, {@code VALKEY_TLS}, {@code VALKEY_DB}, and {@code CACHE_MAX_BYTES} in memory;</li>
 *   <li>providers: the API keys from {@link Secrets}, {@code GOOGLE_CLOUD_PROJECT} (else YAML
 *       {@code google_cloud_project}), {@code GOOGLE_APPLICATION_CREDENTIALS},
 *       {@code OGEM_IMAGE_FETCH_ALLOW_PRIVATE}, {@code STREAM_IDLE_TIMEOUT} (longest an upstream stream may send
 *       nothing for the client, keep-alives aside, 120s), {@code OGEM_VERTEX_GCS_BUCKETS} (comma-separated
 *       buckets whose {@code gs://} image URLs Vertex AI may read with the gateway's identity; none).</li>
 * </ul>
 * Durations are seconds or Go durations and must be positive.
 */
final class ModuleSettings {

    private ModuleSettings() {
    }

    static RouterSettings router(Environment environment) {
        RouterSettings defaults = RouterSettings.builder().build();
        return defaults.toBuilder()
                .requestTimeout(environment.positiveDuration("REQUEST_TIMEOUT", defaults.requestTimeout()))
                .firstByteTimeout(environment.positiveDuration("FIRST_BYTE_TIMEOUT", defaults.firstByteTimeout()))
                .cacheTtl(environment.positiveDuration("CACHE_TTL", defaults.cacheTtl()))
                .build();
    }

    static BatchSettings batch(Environment environment) {
        BatchSettings defaults = BatchSettings.builder().build();
        Duration flush = environment.positiveDuration("BATCH_FLUSH_INTERVAL", defaults.flushAfter());
        Duration poll = environment.positiveDuration("BATCH_POLL_INTERVAL", defaults.pollFirst());
        return defaults.toBuilder().flushAfter(flush).pollFirst(poll)
                .pollMax(poll.compareTo(defaults.pollMax()) > 0 ? poll : defaults.pollMax())
                .build();
    }

    static StoreSettings store(Environment environment, ConfigTree tree) {
        long cacheBytes = environment.wholeNumber("CACHE_MAX_BYTES", StateStore.DEFAULT_CACHE_BYTES, 0, Long.MAX_VALUE);
        Optional<String> fromEnv = environment.text("VALKEY_ENDPOINT");
        String path = fromEnv.isPresent() ? "VALKEY_ENDPOINT" : "valkey_endpoint";
        Optional<String> endpoint = fromEnv.or(() -> tree.get("valkey_endpoint").optionalText());
        if (endpoint.isEmpty()) {
            return new StoreSettings(Optional.empty(), cacheBytes);
        }
        ValkeySettings.Builder valkey;
        try {
            valkey = ValkeySettings.builder().endpoint(endpoint.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, "not a Valkey host:port: \"" + endpoint.get() + "\" (" + e.getMessage()
                    + ")");
        }
        Optional<String> user = environment.text("VALKEY_USER");
        Optional<String> password = environment.text("VALKEY_PASSWORD");
        if (user.isPresent()) {
            valkey.user(user.get()).password(password.orElse(""));
        } else {
            password.ifPresent(valkey::password);
        }
        valkey.tls(environment.flag("VALKEY_TLS"))
                .database((int) environment.wholeNumber("VALKEY_DB", 0, 0, Integer.MAX_VALUE));
        return new StoreSettings(Optional.of(valkey.build()), cacheBytes);
    }

    static ProviderSettings providers(Environment environment, Optional<String> googleCloudProject, Secrets secrets) {
        ProviderLimits limits = ProviderLimits.defaults();
        limits = limits.withStreamIdleTimeout(environment.positiveDuration("STREAM_IDLE_TIMEOUT",
                limits.streamIdleTimeout()));
        ProviderSettings.Builder settings = ProviderSettings.builder().apiKeys(secrets.apiKeys())
                .allowPrivateImageHosts(environment.flag("OGEM_IMAGE_FETCH_ALLOW_PRIVATE"))
                .limits(limits);
        try {
            settings.vertexGcsBuckets(environment.names("OGEM_VERTEX_GCS_BUCKETS"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("OGEM_VERTEX_GCS_BUCKETS", e.getMessage());
        }
        googleCloudProject.ifPresent(settings::googleCloudProject);
        Optional<String> credentials = environment.text("GOOGLE_APPLICATION_CREDENTIALS");
        if (credentials.isPresent()) {
            try {
                settings.googleCredentialsFile(Path.of(credentials.get()));
            } catch (InvalidPathException e) {
                throw new ConfigException("GOOGLE_APPLICATION_CREDENTIALS", "not a file path: \""
                        + credentials.get() + "\"");
            }
        }
        return settings.build();
    }
}

package dev.ogem.server.config;

import dev.ogem.batch.BatchSettings;
import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.ProviderSettings;
import dev.ogem.quota.ValkeySettings;
import dev.ogem.quota.ValkeySettingsBuilder;
import dev.ogem.routing.RouterSettings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the environment (and the YAML keys that have a variable) into the typed settings each module takes, so
 * that no module reads the environment itself:
 * <ul>
 *   <li>router: {@code REQUEST_TIMEOUT} (default deadline of a request, 10m), {@code FIRST_BYTE_TIMEOUT} (longest
 *       one upstream attempt may take to its first chunk or plain answer, 120s), {@code CACHE_TTL} (24h);</li>
 *   <li>batch: {@code BATCH_FLUSH_INTERVAL} (a queue is flushed this long after its first request, 10s) and
 *       {@code BATCH_POLL_INTERVAL} (first wait between two polls of a batch, doubling up to 30 s, 1s);</li>
 *   <li>state: {@code VALKEY_ENDPOINT} (else YAML {@code valkey_endpoint}; a comma-separated list for a cluster's
 *       nodes or the sentinels), {@code VALKEY_MODE} ({@code standalone}, {@code cluster} or {@code sentinel}),
 *       {@code VALKEY_SENTINEL_MASTER} (default {@code mymaster}), {@code VALKEY_USER}, {@code VALKEY_PASSWORD},
 *       {@code VALKEY_TLS}, {@code VALKEY_DB}, and {@code CACHE_MAX_BYTES} in memory (default 64 MiB, less under
 *       a heap below 512 MiB: {@link HeapDefaults});</li>
 *   <li>providers: the API keys from {@link Secrets}, {@code GOOGLE_CLOUD_PROJECT} (else YAML
 *       {@code google_cloud_project}), {@code GOOGLE_APPLICATION_CREDENTIALS},
 *       {@code OGEM_IMAGE_FETCH_ALLOW_PRIVATE}, {@code STREAM_IDLE_TIMEOUT} (longest an upstream stream may send
 *       nothing for the client, keep-alives aside, 120s), {@code OGEM_VERTEX_GCS_BUCKETS} (comma-separated
 *       buckets whose {@code gs://} image URLs Vertex AI may read with the gateway's identity; none).</li>
 * </ul>
 * and the process: {@code CONFIG_POLL_INTERVAL} (how often a config URL is polled, 30s), {@code SHUTDOWN_GRACE}
 * (how long requests in flight may take to finish after SIGTERM, 30s) and {@code SHUTDOWN_DELAY} (how long new
 * requests are still served after SIGTERM; a sixth of the grace, at most 5s; shorter than the grace).
 * Durations are seconds or Go durations and must be positive.
 */
final class ModuleSettings {
    /** The master name Sentinel set-ups use unless {@code VALKEY_SENTINEL_MASTER} says otherwise. */
    static final String DEFAULT_SENTINEL_MASTER = "mymaster";

    private ModuleSettings() {
    }

    static ProcessSettings process(Environment environment) {
        Duration grace = environment.positiveDuration("SHUTDOWN_GRACE", ProcessSettings.DEFAULT_SHUTDOWN_GRACE);
        Duration sixth = grace.dividedBy(6);
        Duration delay = environment.positiveDuration("SHUTDOWN_DELAY",
                sixth.compareTo(ProcessSettings.MAX_SHUTDOWN_DELAY) < 0 ? sixth : ProcessSettings.MAX_SHUTDOWN_DELAY);
        if (delay.compareTo(grace) >= 0) {
            throw new ConfigException("SHUTDOWN_DELAY", "must be shorter than SHUTDOWN_GRACE (" + grace.toMillis()
                    + " ms): \"" + environment.text("SHUTDOWN_DELAY").orElseThrow() + "\"");
        }
        return new ProcessSettings(
                environment.positiveDuration("CONFIG_POLL_INTERVAL", ProcessSettings.DEFAULT_POLL_INTERVAL), grace, delay);
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

    static StoreSettings store(Environment environment, ConfigTree tree, HeapDefaults defaults) {
        long cacheBytes = environment.wholeNumber("CACHE_MAX_BYTES", defaults.cacheBytes(), 0, Long.MAX_VALUE);
        Optional<String> fromEnv = environment.text("VALKEY_ENDPOINT");
        String path = fromEnv.isPresent() ? "VALKEY_ENDPOINT" : "valkey_endpoint";
        Optional<String> endpoint = fromEnv.or(() -> tree.get("valkey_endpoint").optionalText());
        ValkeySettings.Mode mode = valkeyMode(environment);
        Optional<String> master = environment.text("VALKEY_SENTINEL_MASTER");
        if (master.isPresent() && mode != ValkeySettings.Mode.SENTINEL) {
            throw new ConfigException("VALKEY_SENTINEL_MASTER", "set, but VALKEY_MODE is not sentinel: \""
                    + master.get() + "\"");
        }
        if (endpoint.isEmpty()) {
            if (mode != ValkeySettings.Mode.STANDALONE) {
                throw new ConfigException("VALKEY_MODE", "needs VALKEY_ENDPOINT (or valkey_endpoint): \""
                        + environment.text("VALKEY_MODE").orElseThrow() + "\"");
            }
            return new StoreSettings(Optional.empty(), cacheBytes);
        }
        ValkeySettingsBuilder valkey = valkeyNodes(path, endpoint.get(), mode, master.orElse(DEFAULT_SENTINEL_MASTER));
        Optional<String> user = environment.text("VALKEY_USER");
        Optional<String> password = environment.text("VALKEY_PASSWORD");
        if (user.isPresent()) {
            valkey.user(user.get()).password(password.orElse(""));
        } else {
            password.ifPresent(valkey::password);
        }
        valkey.tls(environment.flag("VALKEY_TLS"));
        int database = (int) environment.wholeNumber("VALKEY_DB", 0, 0, Integer.MAX_VALUE);
        if (database != 0 && mode == ValkeySettings.Mode.CLUSTER) {
            throw new ConfigException("VALKEY_DB", "must be 0 with VALKEY_MODE=cluster (a cluster has only database 0): \""
                    + environment.text("VALKEY_DB").orElseThrow() + "\"");
        }
        return new StoreSettings(Optional.of(valkey.database(database).build()), cacheBytes);
    }

    private static ValkeySettings.Mode valkeyMode(Environment environment) {
        Optional<String> mode = environment.text("VALKEY_MODE");
        if (mode.isEmpty()) {
            return ValkeySettings.Mode.STANDALONE;
        }
        return switch (mode.get().toLowerCase(Locale.ROOT)) {
            case "standalone" -> ValkeySettings.Mode.STANDALONE;
            case "cluster" -> ValkeySettings.Mode.CLUSTER;
            case "sentinel" -> ValkeySettings.Mode.SENTINEL;
            default -> throw new ConfigException("VALKEY_MODE", "not standalone, cluster or sentinel: \"" + mode.get()
                    + "\"");
        };
    }

    private static ValkeySettingsBuilder valkeyNodes(String path, String endpoint, ValkeySettings.Mode mode, String master) {
        if (mode == ValkeySettings.Mode.STANDALONE && endpoint.contains(",")) {
            throw new ConfigException(path, "one host:port in standalone mode; a list needs VALKEY_MODE=cluster or "
                    + "sentinel: \"" + endpoint + "\"");
        }
        try {
            return switch (mode) {
                case STANDALONE -> ValkeySettings.builder().endpoint(endpoint);
                case CLUSTER -> ValkeySettings.builder().cluster(endpoint);
                case SENTINEL -> ValkeySettings.builder().sentinel(endpoint, master);
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, (mode == ValkeySettings.Mode.STANDALONE ? "not a Valkey host:port: \""
                    : "not a comma-separated list of Valkey host:port: \"") + endpoint + "\" (" + e.getMessage() + ")");
        }
    }

    /**
     * The provider settings. The images one request makes ogem download may add up to three quarters of
     * {@code MAX_REQUEST_BYTES} (at most {@link ProviderLimits#MAX_IMAGE_BYTES}): as base64 that is at most the
     * largest body, which the bodies in flight always leave room for, so such a request can always be held.
     *
     * @param environment        the variables
     * @param googleCloudProject the project of the Google providers, if any
     * @param secrets            the provider keys
     * @param clients            the request body limits
     * @return the settings
     */
    static ProviderSettings providers(Environment environment, Optional<String> googleCloudProject, Secrets secrets,
                                      ClientLimits clients) {
        ProviderLimits limits = ProviderLimits.defaults();
        limits = limits.withStreamIdleTimeout(environment.positiveDuration("STREAM_IDLE_TIMEOUT",
                limits.streamIdleTimeout())).withImageFetches(limits.maxImageFetches(),
                Math.max(1, Math.min(limits.maxImageBytes(), clients.maxBodyBytes() / 4 * 3)));
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

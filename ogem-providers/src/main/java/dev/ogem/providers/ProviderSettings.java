package dev.ogem.providers;

import dev.ogem.api.RateLimitListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the provider clients need besides the catalog. The module reads no environment: the gateway (or any other
 * user of the module) passes keys and settings in. Start from {@link #defaults()} and add with the {@code with…}
 * methods; {@link #toString()} never shows a key.
 *
 * @param apiKeys                the API key of each provider that takes one, by provider name (such as
 *                               {@code openai}, {@code claude}, {@code studio} or a custom provider's name)
 * @param googleCloudProject     the Google Cloud project of {@code vertex} and {@code vclaude}
 * @param googleCredentialsFile  a Google credentials JSON for {@code vertex} and {@code vclaude}; empty means
 *                               Application Default Credentials
 * @param allowPrivateImageHosts whether image downloads may reach loopback, private and link-local addresses
 *                               and plain {@code http} (trusted networks and tests); off by default
 * @param connectTimeout         the longest a connection may take to open
 * @param readTimeout            the longest an upstream may stay silent (before the first byte, and between chunks)
 * @param rateLimits             told when an upstream's rate-limit headers say its limit is used up
 *                               (see {@code dev.ogem.providers.http.RateLimitHeaders})
 * @param limits                 the bounds on what an upstream sends (see {@link ProviderLimits})
 * @param vertexGcsBuckets       the Cloud Storage buckets whose {@code gs://} image URLs Vertex AI may read with
 *                               the gateway's own Google identity; a {@code gs://} URL of any other bucket is the
 *                               caller's 400. None by default
 */
public record ProviderSettings(Map<String, String> apiKeys,
                               Optional<String> googleCloudProject,
                               Optional<Path> googleCredentialsFile,
                               boolean allowPrivateImageHosts,
                               Duration connectTimeout,
                               Duration readTimeout,
                               RateLimitListener rateLimits,
                               ProviderLimits limits,
                               Set<String> vertexGcsBuckets) {

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    /** Copies the keys and buckets, checks for nulls and checks the bucket names. */
    public ProviderSettings {
        apiKeys = Map.copyOf(apiKeys);
        Objects.requireNonNull(googleCloudProject, "googleCloudProject");
        Objects.requireNonNull(googleCredentialsFile, "googleCredentialsFile");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(limits, "limits");
        vertexGcsBuckets = Set.copyOf(vertexGcsBuckets);
        vertexGcsBuckets.forEach(ProviderSettings::checkBucketName);
    }

    /**
     * No keys, no Google project, Application Default Credentials, public image hosts only, 10 s to connect,
     * 300 s of upstream silence, upstream rate-limit headers ignored, {@link ProviderLimits#defaults()}, no
     * Cloud Storage bucket readable through {@code gs://} image URLs.
     *
     * @return the settings
     */
    public static ProviderSettings defaults() {
        return new ProviderSettings(Map.of(), Optional.empty(), Optional.empty(), false, Duration.ofSeconds(10),
                Duration.ofSeconds(300), RateLimitListener.NONE, ProviderLimits.defaults(), Set.of());
    }

    /**
     * The API key of a provider.
     *
     * @param provider the provider name as configured
     * @return its key, if one was given
     */
    public Optional<String> apiKey(String provider) {
        return Optional.ofNullable(apiKeys.get(provider));
    }

    /**
     * A copy with one more API key.
     *
     * @param provider the provider name as configured
     * @param key      its key
     * @return a copy
     */
    public ProviderSettings withApiKey(String provider, String key) {
        Map<String, String> keys = new HashMap<>(apiKeys);
        keys.put(provider, key);
        return withApiKeys(keys);
    }

    /**
     * A copy with these API keys instead.
     *
     * @param keys the key of each provider, by provider name
     * @return a copy
     */
    public ProviderSettings withApiKeys(Map<String, String> keys) {
        return new ProviderSettings(keys, googleCloudProject, googleCredentialsFile, allowPrivateImageHosts,
                connectTimeout, readTimeout, rateLimits, limits, vertexGcsBuckets);
    }

    /**
     * A copy with the Google Cloud project of {@code vertex} and {@code vclaude}.
     *
     * @param project the project id
     * @return a copy
     */
    public ProviderSettings withGoogleCloudProject(String project) {
        return new ProviderSettings(apiKeys, Optional.of(project), googleCredentialsFile, allowPrivateImageHosts,
                connectTimeout, readTimeout, rateLimits, limits, vertexGcsBuckets);
    }

    /**
     * A copy whose Google calls use the credentials in this file instead of Application Default Credentials.
     *
     * @param file a service-account key or another credentials JSON
     * @return a copy
     */
    public ProviderSettings withGoogleCredentialsFile(Path file) {
        return new ProviderSettings(apiKeys, googleCloudProject, Optional.of(file), allowPrivateImageHosts,
                connectTimeout, readTimeout, rateLimits, limits, vertexGcsBuckets);
    }

    /**
     * A copy that lets image downloads reach non-public addresses and plain {@code http}, or not.
     *
     * @param allow whether to allow them
     * @return a copy
     */
    public ProviderSettings withPrivateImageHosts(boolean allow) {
        return new ProviderSettings(apiKeys, googleCloudProject, googleCredentialsFile, allow, connectTimeout,
                readTimeout, rateLimits, limits, vertexGcsBuckets);
    }

    /**
     * A copy with other upstream timeouts.
     *
     * @param connect the longest a connection may take to open
     * @param read    the longest an upstream may stay silent
     * @return a copy
     */
    public ProviderSettings withTimeouts(Duration connect, Duration read) {
        return new ProviderSettings(apiKeys, googleCloudProject, googleCredentialsFile, allowPrivateImageHosts,
                connect, read, rateLimits, limits, vertexGcsBuckets);
    }

    /**
     * The same settings, telling {@code listener} about exhausted upstream limits.
     *
     * @param listener who hears the hints, e.g. {@code Router.upstreamLimits(store)}
     * @return a copy
     */
    public ProviderSettings withRateLimits(RateLimitListener listener) {
        return new ProviderSettings(apiKeys, googleCloudProject, googleCredentialsFile, allowPrivateImageHosts,
                connectTimeout, readTimeout, listener, limits, vertexGcsBuckets);
    }

    /**
     * A copy with other bounds on what an upstream sends.
     *
     * @param limits the bounds
     * @return a copy
     */
    public ProviderSettings withLimits(ProviderLimits limits) {
        return new ProviderSettings(apiKeys, googleCloudProject, googleCredentialsFile, allowPrivateImageHosts,
                connectTimeout, readTimeout, rateLimits, limits, vertexGcsBuckets);
    }

    /**
     * A copy that lets Vertex AI read {@code gs://} image URLs of these buckets with the gateway's own identity.
     *
     * @param buckets the bucket names, such as {@code team-images}
     * @return a copy
     * @throws IllegalArgumentException for a name that is not a Cloud Storage bucket name
     */
    public ProviderSettings withVertexGcsBuckets(Collection<String> buckets) {
        return new ProviderSettings(apiKeys, googleCloudProject, googleCredentialsFile, allowPrivateImageHosts,
                connectTimeout, readTimeout, rateLimits, limits, Set.copyOf(buckets));
    }

    private static void checkBucketName(String bucket) {
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a Cloud Storage bucket name: \"" + bucket + "\" (3 to 222 lower-case"
                    + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit)");
        }
    }

    /**
     * The settings without the keys: which providers have one, and the rest.
     *
     * @return a summary safe to log
     */
    @Override
    public String toString() {
        return "ProviderSettings[apiKeys for " + apiKeys.keySet().stream().sorted().toList()
                + ", googleCloudProject=" + googleCloudProject.orElse("unset")
                + ", googleCredentialsFile=" + googleCredentialsFile.map(Path::toString).orElse("default")
                + ", allowPrivateImageHosts=" + allowPrivateImageHosts
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", " + limits
                + ", vertexGcsBuckets=" + vertexGcsBuckets.stream().sorted().toList() + "]";
    }
}

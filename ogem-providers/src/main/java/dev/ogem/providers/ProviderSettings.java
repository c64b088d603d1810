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
 * user of the module) passes keys and settings in. Build it with {@link #builder()}, which holds the defaults;
 * {@link #toBuilder()} changes a copy; {@link #toString()} never shows a key.
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
 * @param memoryBudget           the bytes all requests may make ogem hold at once, under which the images downloaded
 *                               for a request are held (see {@link MemoryBudget}); {@link MemoryBudget#UNLIMITED}
 *                               by default
 */
public record ProviderSettings(Map<String, String> apiKeys,
                               Optional<String> googleCloudProject,
                               Optional<Path> googleCredentialsFile,
                               boolean allowPrivateImageHosts,
                               Duration connectTimeout,
                               Duration readTimeout,
                               RateLimitListener rateLimits,
                               ProviderLimits limits,
                               Set<String> vertexGcsBuckets,
                               MemoryBudget memoryBudget) {

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
        Objects.requireNonNull(memoryBudget, "memoryBudget");
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder().apiKeys(apiKeys).allowPrivateImageHosts(allowPrivateImageHosts)
                .timeouts(connectTimeout, readTimeout).rateLimits(rateLimits).limits(limits)
                .vertexGcsBuckets(vertexGcsBuckets).memoryBudget(memoryBudget);
        googleCloudProject.ifPresent(builder::googleCloudProject);
        googleCredentialsFile.ifPresent(builder::googleCredentialsFile);
        return builder;
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
                + ", vertexGcsBuckets=" + vertexGcsBuckets.stream().sorted().toList()
                + ", memoryBudget=" + (memoryBudget == MemoryBudget.UNLIMITED ? "unlimited" : "bounded") + "]";
    }

    /**
     * Builds {@link ProviderSettings}. Defaults: no keys, no Google project, Application Default Credentials,
     * public image hosts only, 10 s to connect, 300 s of upstream silence, upstream rate-limit headers ignored,
     * {@link ProviderLimits#defaults()}, no Cloud Storage bucket readable through {@code gs://} image URLs,
     * {@link MemoryBudget#UNLIMITED}.
     */
    public static final class Builder {
        private final Map<String, String> apiKeys = new HashMap<>();
        private Optional<String> googleCloudProject = Optional.empty();
        private Optional<Path> googleCredentialsFile = Optional.empty();
        private boolean allowPrivateImageHosts;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(300);
        private RateLimitListener rateLimits = RateLimitListener.NONE;
        private ProviderLimits limits = ProviderLimits.defaults();
        private Set<String> vertexGcsBuckets = Set.of();
        private MemoryBudget memoryBudget = MemoryBudget.UNLIMITED;

        private Builder() {
        }

        /**
         * One more API key.
         *
         * @param provider the provider name as configured
         * @param key      its key
         * @return this builder
         */
        public Builder apiKey(String provider, String key) {
            apiKeys.put(provider, key);
            return this;
        }

        /**
         * These API keys instead of those given so far.
         *
         * @param keys the key of each provider, by provider name
         * @return this builder
         */
        public Builder apiKeys(Map<String, String> keys) {
            apiKeys.clear();
            apiKeys.putAll(keys);
            return this;
        }

        /**
         * The Google Cloud project of {@code vertex} and {@code vclaude}; default none.
         *
         * @param project the project id
         * @return this builder
         */
        public Builder googleCloudProject(String project) {
            this.googleCloudProject = Optional.of(project);
            return this;
        }

        /**
         * A credentials file for the Google calls instead of Application Default Credentials.
         *
         * @param file a service-account key or another credentials JSON
         * @return this builder
         */
        public Builder googleCredentialsFile(Path file) {
            this.googleCredentialsFile = Optional.of(file);
            return this;
        }

        /**
         * Whether image downloads may reach non-public addresses and plain {@code http}; default no.
         *
         * @param allow whether to allow them
         * @return this builder
         */
        public Builder allowPrivateImageHosts(boolean allow) {
            this.allowPrivateImageHosts = allow;
            return this;
        }

        /**
         * The upstream timeouts; default 10 s to connect and 300 s of silence.
         *
         * @param connect the longest a connection may take to open
         * @param read    the longest an upstream may stay silent
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        /**
         * Who hears about exhausted upstream limits, e.g. {@code Router.upstreamLimits(store)}; default nobody.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder rateLimits(RateLimitListener listener) {
            this.rateLimits = listener;
            return this;
        }

        /**
         * The bounds on what an upstream sends; default {@link ProviderLimits#defaults()}.
         *
         * @param bounds the bounds
         * @return this builder
         */
        public Builder limits(ProviderLimits bounds) {
            this.limits = bounds;
            return this;
        }

        /**
         * The buckets whose {@code gs://} image URLs Vertex AI may read with the gateway's own identity;
         * default none.
         *
         * @param buckets the bucket names, such as {@code team-images}
         * @return this builder
         * @throws IllegalArgumentException for a name that is not a Cloud Storage bucket name
         */
        public Builder vertexGcsBuckets(Collection<String> buckets) {
            buckets.forEach(ProviderSettings::checkBucketName);
            this.vertexGcsBuckets = Set.copyOf(buckets);
            return this;
        }

        /**
         * The budget under which the images downloaded for requests are held, shared with whatever else holds
         * request bytes; default {@link MemoryBudget#UNLIMITED}.
         *
         * @param budget the budget
         * @return this builder
         */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = budget;
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         */
        public ProviderSettings build() {
            return new ProviderSettings(apiKeys, googleCloudProject, googleCredentialsFile, allowPrivateImageHosts,
                    connectTimeout, readTimeout, rateLimits, limits, vertexGcsBuckets, memoryBudget);
        }
    }
}

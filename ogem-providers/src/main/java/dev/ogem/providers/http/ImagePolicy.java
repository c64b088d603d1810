package dev.ogem.providers.http;

import dev.ogem.providers.ProviderLimits;
import dev.ogem.providers.ProviderSettings;

import java.time.Duration;
import java.util.Set;

/**
 * What ogem may download when a request names an image by URL that the upstream cannot fetch itself
 * (AI Studio takes only inline data; Claude on Vertex AI too).
 *
 * @param maxBytes          the largest image accepted
 * @param maxFetches        the most images one request may make ogem download
 * @param maxRequestBytes   the most bytes the images of one request may add up to
 * @param timeout           connect and read timeout of the download
 * @param mimeTypes         the image types accepted, from the answer's {@code Content-Type}
 * @param allowPrivateHosts whether hosts resolving to loopback, private, link-local, site-local or
 *                          otherwise non-public addresses (and plain {@code http}) may be fetched;
 *                          off by default, on for tests and trusted networks
 *                          ({@link ProviderSettings#allowPrivateImageHosts()})
 */
public record ImagePolicy(long maxBytes, int maxFetches, long maxRequestBytes, Duration timeout, Set<String> mimeTypes,
                          boolean allowPrivateHosts) {

    /** The largest image downloaded: 20 MB. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;

    /** The download timeout: 10 s. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Copies the set. */
    public ImagePolicy {
        mimeTypes = Set.copyOf(mimeTypes);
    }

    /**
     * 20 MB per image, {@link ProviderLimits#MAX_IMAGE_FETCHES} images and {@link ProviderLimits#MAX_IMAGE_BYTES}
     * per request, 10 s, the given types, public hosts only unless allowed.
     *
     * @param mimeTypes         the image types the upstream accepts
     * @param allowPrivateHosts whether non-public addresses may be fetched
     * @return the policy
     */
    public static ImagePolicy defaults(Set<String> mimeTypes, boolean allowPrivateHosts) {
        return new ImagePolicy(MAX_BYTES, ProviderLimits.MAX_IMAGE_FETCHES, ProviderLimits.MAX_IMAGE_BYTES, TIMEOUT,
                mimeTypes, allowPrivateHosts);
    }

    /**
     * The default policy with the settings' per-request limits, private hosts allowed when the settings allow them.
     *
     * @param settings  the provider settings
     * @param mimeTypes the image types the upstream accepts
     * @return the policy
     */
    public static ImagePolicy from(ProviderSettings settings, Set<String> mimeTypes) {
        ProviderLimits limits = settings.limits();
        return new ImagePolicy(MAX_BYTES, limits.maxImageFetches(), limits.maxImageBytes(), TIMEOUT, mimeTypes,
                settings.allowPrivateImageHosts());
    }
}

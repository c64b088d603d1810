package dev.ogem.providers.gemini;

import java.time.Duration;
import java.util.Set;

/**
 * What ogem may download when a request names an image by URL (AI Studio accepts only inline data).
 *
 * @param maxBytes          the largest image accepted
 * @param timeout           connect and read timeout of the download
 * @param mimeTypes         the image types accepted, from the answer's {@code Content-Type}
 * @param allowPrivateHosts whether hosts resolving to loopback, private, link-local, site-local or
 *                          otherwise non-public addresses (and plain {@code http}) may be fetched;
 *                          off by default, on for tests and trusted networks
 *                          (environment {@code OGEM_IMAGE_FETCH_ALLOW_PRIVATE=true})
 */
record ImagePolicy(long maxBytes, Duration timeout, Set<String> mimeTypes, boolean allowPrivateHosts) {

    /** The image types Gemini accepts. */
    static final Set<String> GEMINI_IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "image/gif");

    /** Copies the set. */
    ImagePolicy {
        mimeTypes = Set.copyOf(mimeTypes);
    }

    /**
     * 20 MB, 10 s, the Gemini image types, public hosts only.
     *
     * @param allowPrivateHosts whether non-public addresses may be fetched
     * @return the policy
     */
    static ImagePolicy defaults(boolean allowPrivateHosts) {
        return new ImagePolicy(20L * 1024 * 1024, Duration.ofSeconds(10), GEMINI_IMAGE_TYPES, allowPrivateHosts);
    }
}

package dev.ogem.providers.http;

import dev.ogem.api.CallerException;

/**
 * The image downloads of one request: each through the shared {@link ImageFetcher} under its policy, and all
 * of them together at most {@link ImagePolicy#maxFetches()} downloads and {@link ImagePolicy#maxRequestBytes()}
 * bytes, so that one request cannot make ogem fetch without end. Past either bound the request is the
 * caller's 400. Not thread-safe: one request is translated on one thread.
 */
public final class RequestImages {

    private final ImageFetcher fetcher;
    private final ImagePolicy policy;
    private int fetches;
    private long bytes;

    RequestImages(ImageFetcher fetcher, ImagePolicy policy) {
        this.fetcher = fetcher;
        this.policy = policy;
    }

    /**
     * Downloads one image of this request.
     *
     * @param url   the image URL
     * @param param the request field that named it, for the error
     * @return the image
     * @throws CallerException when the URL, host, answer, type or size is refused, or the request's images
     *                         would be more, or more bytes, than the policy allows
     */
    public ImageFetcher.Image fetch(String url, String param) {
        if (fetches >= policy.maxFetches()) {
            throw CallerException.invalid("A request may make the gateway download at most " + policy.maxFetches()
                    + " images; send the others as data: URIs.", param);
        }
        fetches++;
        long left = policy.maxRequestBytes() - bytes;
        long allowed = Math.min(policy.maxBytes(), left);
        ImageFetcher.Image image = fetcher.fetch(url, param, allowed, () -> allowed < policy.maxBytes()
                ? CallerException.invalid("The images this request makes the gateway download add up to more than "
                        + policy.maxRequestBytes() + " bytes.", param)
                : CallerException.invalid("The image is larger than " + policy.maxBytes() + " bytes.", param));
        bytes += image.bytes().length;
        return image;
    }
}

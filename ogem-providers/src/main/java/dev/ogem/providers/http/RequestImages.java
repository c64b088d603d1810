package dev.ogem.providers.http;

import dev.ogem.api.CallerException;
import dev.ogem.api.QuotaException;
import dev.ogem.providers.MemoryBudget;

/**
 * The image downloads of one request: each through the shared {@link ImageFetcher} under its policy, and all
 * of them together at most {@link ImagePolicy#maxFetches()} downloads and {@link ImagePolicy#maxRequestBytes()}
 * bytes, so that one request cannot make ogem fetch without end. Past either bound the request is the
 * caller's 400. The bytes are held under the fetcher's {@link MemoryBudget} from the first one downloaded until
 * {@link #close()}, counted at their base64 size (what they take in the upstream request); a client closes it once
 * its upstream call is over. When the budget cannot hold them the request is refused with 429 and
 * {@code Retry-After}. Not thread-safe: one request is translated on one thread.
 */
public final class RequestImages implements AutoCloseable {

    private final ImageFetcher fetcher;
    private final ImagePolicy policy;
    private final MemoryBudget budget;
    private MemoryBudget.Lease lease;
    private int fetches;
    private long bytes;

    RequestImages(ImageFetcher fetcher, ImagePolicy policy, MemoryBudget budget) {
        this.fetcher = fetcher;
        this.policy = policy;
        this.budget = budget;
    }

    /**
     * Downloads one image of this request.
     *
     * @param url   the image URL
     * @param param the request field that named it, for the error
     * @return the image
     * @throws CallerException when the URL, host, answer, type or size is refused, or the request's images
     *                         would be more, or more bytes, than the policy allows
     * @throws QuotaException  when the memory budget cannot hold the image now
     */
    public ImageFetcher.Image fetch(String url, String param) {
        if (fetches >= policy.maxFetches()) {
            throw CallerException.invalid("A request may make the gateway download at most " + policy.maxFetches()
                    + " images; send the others as data: URIs.", param);
        }
        fetches++;
        long before = bytes;
        long left = policy.maxRequestBytes() - before;
        long allowed = Math.min(policy.maxBytes(), left);
        ImageFetcher.Image image = fetcher.fetch(url, param, allowed, () -> allowed < policy.maxBytes()
                ? CallerException.invalid("The images this request makes the gateway download add up to more than "
                        + policy.maxRequestBytes() + " bytes.", param)
                : CallerException.invalid("The image is larger than " + policy.maxBytes() + " bytes.", param),
                held -> hold(before + held));
        bytes += image.bytes().length;
        return image;
    }

    private void hold(long raw) {
        if (lease == null) {
            lease = budget.open();
        }
        lease.grow(base64Length(raw));
    }

    /**
     * The length of the base64 text of some bytes.
     *
     * @param raw the bytes
     * @return four characters for every three bytes begun
     */
    static long base64Length(long raw) {
        return (raw + 2) / 3 * 4;
    }

    /** Gives the bytes held back to the budget; the images must no longer be held. */
    @Override
    public void close() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }
}

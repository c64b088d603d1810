package dev.ogem.providers.http;

import dev.ogem.api.CallerException;
import dev.ogem.api.OgemException;
import dev.ogem.providers.MemoryBudget;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.spi.DnsResolver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Downloads an image named by URL, under an {@link ImagePolicy}: {@code https} only, a size cap, a
 * timeout, an allowed-types list, no redirects, and no non-public addresses. The address check
 * happens in the client's own DNS resolver, so the connection goes to exactly the address checked
 * (no DNS rebinding between check and connect). Every refusal is the caller's 400. Used for the
 * upstreams that take images only inline: AI Studio, and Claude on Vertex AI. One fetcher serves every
 * request of a client; each request downloads through its own {@link #forRequest()}, which counts the
 * downloads and their bytes against the policy's per-request limits and holds them under the
 * {@link MemoryBudget} until it is closed.
 */
public final class ImageFetcher {

    private static final int CHUNK = 64 * 1024;

    private final ImagePolicy policy;
    private final MemoryBudget budget;
    private final WebClient client;
    private final CheckingResolver resolver;

    /**
     * A fetcher with its own HTTP client, whose downloads no budget bounds but the policy's.
     *
     * @param policy what may be downloaded
     */
    public ImageFetcher(ImagePolicy policy) {
        this(policy, MemoryBudget.UNLIMITED);
    }

    /**
     * A fetcher with its own HTTP client, whose downloads are held under a budget.
     *
     * @param policy what may be downloaded
     * @param budget what all requests may hold at once
     */
    public ImageFetcher(ImagePolicy policy, MemoryBudget budget) {
        this.policy = policy;
        this.budget = budget;
        this.resolver = new CheckingResolver(policy.allowPrivateHosts());
        this.client = WebClient.builder()
                .connectTimeout(policy.timeout())
                .readTimeout(policy.timeout())
                .followRedirects(false)
                .dnsResolver(resolver)
                .build();
    }

    /**
     * A downloaded image.
     *
     * @param mimeType its type
     * @param bytes    its content
     */
    public record Image(String mimeType, byte[] bytes) {
    }

    /**
     * The downloads of one request, counted against the policy's per-request limits.
     *
     * @return a fresh count
     */
    public RequestImages forRequest() {
        return new RequestImages(this, policy, budget);
    }

    /**
     * The policy.
     *
     * @return what may be downloaded
     */
    ImagePolicy policy() {
        return policy;
    }

    /**
     * Downloads one image of at most {@code maxBytes}, telling {@code holding} how many of its bytes are held
     * before they are: its declared length at once, else as they arrive.
     *
     * @param url      the image URL
     * @param param    the request field that named it, for the error
     * @param maxBytes the most bytes accepted, at most the policy's per-image bound
     * @param tooLarge the error of an image past {@code maxBytes}
     * @param holding  told the image's bytes held so far; may refuse them by throwing an {@link OgemException}
     * @return the image
     * @throws CallerException when the URL, host, answer, type or size is refused
     */
    Image fetch(String url, String param, long maxBytes, Supplier<CallerException> tooLarge, LongConsumer holding) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CallerException.invalid("The image URL is not a valid URL.", param);
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && policy.allowPrivateHosts())) {
            throw CallerException.invalid("Image URLs must use https.", param);
        }
        if (uri.getHost() == null) {
            throw CallerException.invalid("The image URL has no host.", param);
        }
        try {
            resolver.resolveAddress(uri.getHost(), DnsAddressLookup.defaultLookup());
        } catch (RefusedHost refused) {
            throw CallerException.invalid(refused.getMessage(), param);
        }
        try (HttpClientResponse response = client.get().uri(uri).request()) {
            if (response.status().code() != 200) {
                throw CallerException.invalid("The image URL answered HTTP " + response.status().code() + ".", param);
            }
            String type = response.headers().first(HeaderNames.CONTENT_TYPE).orElse("")
                    .split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!policy.mimeTypes().contains(type)) {
                throw CallerException.invalid("The image URL answered with type '" + type + "', which is not one of "
                        + policy.mimeTypes().stream().sorted().toList() + ".", param);
            }
            long declared = response.headers().contentLength().orElse(-1L);
            if (declared > maxBytes) {
                throw tooLarge.get();
            }
            try (InputStream in = response.inputStream()) {
                return new Image(type, declared >= 0 ? readDeclared(in, (int) declared, holding)
                        : readChunks(in, maxBytes, tooLarge, holding));
            }
        } catch (OgemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            Throwable refusal = e;
            while (refusal != null && !(refusal instanceof RefusedHost)) {
                refusal = refusal.getCause();
            }
            throw CallerException.invalid(refusal != null ? refusal.getMessage()
                    : "The image URL could not be downloaded.", param);
        }
    }

    /** Reads a body of a declared length into one array, held at once. */
    private static byte[] readDeclared(InputStream in, int length, LongConsumer holding) throws IOException {
        holding.accept(length);
        byte[] bytes = new byte[length];
        if (in.readNBytes(bytes, 0, length) < length) {
            throw new IOException("the image ended before its declared length");
        }
        return bytes;
    }

    /** Reads a body of unknown length chunk by chunk, each held before it is read on. */
    private static byte[] readChunks(InputStream in, long maxBytes, Supplier<CallerException> tooLarge,
                                     LongConsumer holding) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
            if (out.size() + (long) read > maxBytes) {
                throw tooLarge.get();
            }
            holding.accept(out.size() + (long) read);
            out.write(chunk, 0, read);
        }
        return out.toByteArray();
    }

    /** Resolves a host and refuses it unless every address is public (or private ones are allowed). */
    private record CheckingResolver(boolean allowPrivate) implements DnsResolver {
        @Override
        public InetAddress resolveAddress(String hostname, DnsAddressLookup lookup) {
            InetAddress[] all;
            try {
                all = InetAddress.getAllByName(hostname);
            } catch (UnknownHostException e) {
                throw new RefusedHost("The image host could not be resolved.");
            }
            if (!allowPrivate && Arrays.stream(all).anyMatch(CheckingResolver::nonPublic)) {
                throw new RefusedHost("The image host resolves to a loopback, private or link-local address,"
                        + " which the gateway does not fetch from.");
            }
            return all[0];
        }

        static boolean nonPublic(InetAddress address) {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress() || address.isMulticastAddress()) {
                return true;
            }
            byte[] b = address.getAddress();
            if (address instanceof Inet6Address) {
                boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
                boolean mappedV4 = Arrays.equals(Arrays.copyOf(b, 12),
                        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
                if (mappedV4) {
                    try {
                        return nonPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                    } catch (UnknownHostException impossible) {
                        return true;
                    }
                }
                return uniqueLocal;
            }
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 || first >= 240;
        }
    }

    /** A host the policy refuses. */
    private static final class RefusedHost extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        RefusedHost(String message) {
            super(message, null, false, false);
        }
    }
}

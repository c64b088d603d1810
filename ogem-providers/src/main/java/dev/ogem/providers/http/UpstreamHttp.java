package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One pooled HTTP/1.1 client for all upstream calls: TCP_NODELAY on, keep-alive, bounded
 * connect and read timeouts, and network failures turned into {@link ProviderException}s.
 */
public final class UpstreamHttp {

    // HTTP/1.1 only (the one protocol on the module path): no per-request protocol discovery
    private final Http1Client client;

    private UpstreamHttp(Http1Client client) {
        this.client = client;
    }

    /**
     * Creates the client.
     *
     * @param connectTimeout longest connection set-up
     * @param readTimeout    longest upstream silence
     * @return the client
     */
    public static UpstreamHttp create(Duration connectTimeout, Duration readTimeout) {
        Http1ClientConfig.Builder builder = Http1Client.builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(false)
                .keepAlive(true)
                .socketOptions(options -> options.tcpNoDelay(true)
                        .connectTimeout(connectTimeout)
                        .readTimeout(readTimeout));
        if (!systemProxyConfigured()) {
            // Helidon's default proxy asks the JVM's ProxySelector on every request.
            builder.proxy(Proxy.noProxy());
        }
        return new UpstreamHttp(builder.build());
    }

    /**
     * Whether the JVM was told to use a proxy, in which case Helidon's default (the system proxy,
     * resolved per request) stays.
     */
    private static boolean systemProxyConfigured() {
        return Boolean.getBoolean("java.net.useSystemProxies")
                || Stream.of("http.proxyHost", "https.proxyHost", "socksProxyHost")
                        .anyMatch(name -> !System.getProperty(name, "").isBlank());
    }

    /**
     * POSTs a JSON body and returns the open response; the caller closes it.
     *
     * @param uri     the full URL
     * @param headers extra headers (auth, versions)
     * @param json    the body
     * @return the response, any status
     * @throws ProviderException when no response arrives (unreachable, timeout)
     */
    public HttpClientResponse postJson(URI uri, Map<String, String> headers, byte[] json) {
        Http1ClientRequest request = request(client.post(), uri, headers).header(HeaderValues.CONTENT_TYPE_JSON);
        return send(uri, () -> request.submit(json));
    }

    /**
     * GETs a resource and returns the open response; the caller closes it.
     *
     * @param uri     the full URL
     * @param headers extra headers (auth)
     * @return the response, any status
     * @throws ProviderException when no response arrives (unreachable, timeout)
     */
    public HttpClientResponse get(URI uri, Map<String, String> headers) {
        Http1ClientRequest request = request(client.get(), uri, headers);
        return send(uri, request::request);
    }

    /**
     * POSTs a body of known length written straight to the connection, so that a large body is never
     * copied into one array; returns the open response, which the caller closes.
     *
     * @param uri         the full URL
     * @param headers     extra headers (auth)
     * @param contentType the body's {@code Content-Type}
     * @param length      the exact number of bytes {@code body} writes
     * @param body        writes the body and closes the stream
     * @return the response, any status
     * @throws ProviderException when no response arrives (unreachable, timeout, the body could not be sent)
     */
    public HttpClientResponse postStreamed(URI uri, Map<String, String> headers, String contentType, long length,
                                           ClientRequest.OutputStreamHandler body) {
        Http1ClientRequest request = request(client.post(), uri, headers)
                .header(HeaderNames.CONTENT_TYPE, contentType)
                .header(HeaderNames.CONTENT_LENGTH, Long.toString(length))
                // the body goes at once, as a plain POST's does: no wait for a 100 Continue
                .sendExpectContinue(false);
        return send(uri, () -> request.outputStream(body));
    }

    private static Http1ClientRequest request(Http1ClientRequest request, URI uri, Map<String, String> headers) {
        request.uri(uri).header(HeaderValues.ACCEPT_JSON);
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return request;
    }

    private static HttpClientResponse send(URI uri, Supplier<HttpClientResponse> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw NetworkFailures.classify(uri, e);
        }
    }

    /** Maps transport exceptions onto provider error kinds. */
    static final class NetworkFailures {
        private NetworkFailures() {
        }

        static ProviderException classify(URI uri, RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                if (root instanceof SocketTimeoutException) {
                    break;
                }
                root = root.getCause();
            }
            String where = uri.getScheme() + "://" + uri.getAuthority();
            if (root instanceof SocketTimeoutException || e instanceof UncheckedIOException
                    && e.getCause() instanceof SocketTimeoutException) {
                return ProviderException.of(ProviderException.Kind.TIMEOUT,
                        "The upstream " + where + " did not answer in time.", e);
            }
            if (root instanceof ConnectException || root instanceof UnknownHostException) {
                return ProviderException.of(ProviderException.Kind.UNREACHABLE,
                        "The upstream " + where + " could not be reached.", e);
            }
            return ProviderException.of(ProviderException.Kind.UNREACHABLE,
                    "The connection to the upstream " + where + " failed.", e);
        }
    }
}

package dev.ogem.providers.http;

import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.ProviderLimits;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.io.IOException;
import java.io.InputStream;
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
 * connect and read timeouts, network failures turned into {@link ProviderException}s, and answers read
 * under the {@link ProviderLimits} it was made with.
 */
public final class UpstreamHttp {

    // HTTP/1.1 only (the one protocol on the module path): no per-request protocol discovery
    private final Http1Client client;
    private final ProviderLimits limits;

    private UpstreamHttp(Http1Client client, ProviderLimits limits) {
        this.client = client;
        this.limits = limits;
    }

    /**
     * Creates the client with the default {@link ProviderLimits}.
     *
     * @param connectTimeout longest connection set-up
     * @param readTimeout    longest upstream silence
     * @return the client
     */
    public static UpstreamHttp create(Duration connectTimeout, Duration readTimeout) {
        return create(connectTimeout, readTimeout, ProviderLimits.defaults());
    }

    /**
     * Creates the client.
     *
     * @param connectTimeout longest connection set-up
     * @param readTimeout    longest upstream silence
     * @param limits         the bounds on what upstreams send
     * @return the client
     */
    public static UpstreamHttp create(Duration connectTimeout, Duration readTimeout, ProviderLimits limits) {
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
        return new UpstreamHttp(builder.build(), limits);
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

    /**
     * Reads a plain answer's body as JSON, at most {@link ProviderLimits#maxAnswerBytes()} of it, and on to its
     * end, so that the connection goes back to the pool.
     *
     * @param response an open response with status 200; the caller closes it
     * @param reader   reads the JSON from the bounded body
     * @param what     what the body should be, for the error, such as {@code "a chat completion"}
     * @param <T>      what is read
     * @return what the reader read
     * @throws ProviderException ({@code BAD_RESPONSE}) when the body is larger than the limit or not {@code what}
     */
    public <T> T readAnswer(HttpClientResponse response, JsonReader<T> reader, String what) {
        long declared = response.headers().contentLength().orElse(-1L);
        try {
            InputStream body = AnswerBody.of(response.inputStream(), declared, limits.maxAnswerBytes());
            T answer = reader.read(body);
            readToEnd(body);
            return answer;
        } catch (AnswerBody.TooLarge e) {
            throw AnswerBody.tooLarge(limits.maxAnswerBytes());
        } catch (IOException | UncheckedIOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof AnswerBody.TooLarge) {
                    throw AnswerBody.tooLarge(limits.maxAnswerBytes());
                }
            }
            String reason = e instanceof IOException io ? OpenAiJson.invalidValue(io).map(r -> ": " + r).orElse(".")
                    : ".";
            throw ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream answered with a body that is not " + what + reason, e);
        }
    }

    /**
     * Reads what is left of a body, so that the client sees its end and keeps the connection for the next
     * request: a reader that stops at the last byte it needs (an exact {@code Content-Length} read, a JSON
     * parser at its closing brace) never asks for the end, and a body not read to its end costs a new TCP
     * connection per request. Bounded by the body's own limit; a well-formed answer has nothing left.
     */
    private static void readToEnd(InputStream body) throws IOException {
        byte[] rest = new byte[256];
        while (body.read(rest) >= 0) {
            // trailing whitespace at most
        }
    }

    /**
     * Reads JSON from a body.
     *
     * @param <T> what is read
     */
    @FunctionalInterface
    public interface JsonReader<T> {
        /**
         * Reads.
         *
         * @param body the body
         * @return what was read
         * @throws IOException when the body fails or is not what was expected
         */
        T read(InputStream body) throws IOException;
    }

    /**
     * The events of a streamed answer, read under this client's limits.
     *
     * @param response an open response with status 200; closed when the events are
     * @return the events
     */
    public UpstreamEvents events(HttpClientResponse response) {
        return new UpstreamEvents(response.inputStream(), response, limits);
    }

    /**
     * The bounds this client reads answers under.
     *
     * @return the limits
     */
    public ProviderLimits limits() {
        return limits;
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

package dev.ogem.batch.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.ProviderException.Kind;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/**
 * The four calls of the Batch API on one pooled Helidon {@link WebClient}: upload a file, create a
 * batch, retrieve a batch, download a file. Every failure is a {@link ProviderException}; keys are
 * sent as bearer tokens and never appear in messages.
 */
public final class BatchHttp {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** The one endpoint of every line and batch. */
    public static final String ENDPOINT = "/v1/chat/completions";

    private final WebClient client;

    private BatchHttp(WebClient client) {
        this.client = client;
    }

    /**
     * A client with TCP_NODELAY, keep-alive and the given timeouts.
     *
     * @param timeout connect timeout and longest silence while reading
     * @return the client
     */
    public static BatchHttp create(Duration timeout) {
        return new BatchHttp(WebClient.builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .followRedirects(false)
                .keepAlive(true)
                .socketOptions(o -> o.tcpNoDelay(true).connectTimeout(timeout).readTimeout(timeout))
                .build());
    }

    /**
     * Uploads a JSONL input file with {@code purpose=batch}.
     *
     * @param uris     the endpoint
     * @param apiKey   its key
     * @param fileName the file name
     * @param jsonl    the file
     * @return the file id
     */
    public String upload(BatchUris uris, Optional<String> apiKey, String fileName, byte[] jsonl) {
        Multipart body = Multipart.fileUpload("batch", fileName, jsonl);
        HttpClientRequest request = request(client.post().uri(uris.files()), apiKey)
                .header(HeaderNames.CONTENT_TYPE, body.contentType());
        JsonNode file = json("Uploading the batch input file", uris.files(), () -> request.submit(body.body()));
        return WireBatch.text(file, "id").orElseThrow(() -> WireErrors.of(Kind.BAD_RESPONSE,
                "Uploading the batch input file failed: the upstream answered without a file id.", Optional.empty()));
    }

    /**
     * Creates a batch of chat completions over an uploaded file, with a 24 h completion window.
     *
     * @param uris   the endpoint
     * @param apiKey its key
     * @param fileId the input file
     * @return the new batch
     */
    public WireBatch create(BatchUris uris, Optional<String> apiKey, String fileId) {
        ObjectNode body = NODES.objectNode()
                .put("input_file_id", fileId)
                .put("endpoint", ENDPOINT)
                .put("completion_window", "24h");
        HttpClientRequest request = request(client.post().uri(uris.batches()), apiKey)
                .header(HeaderValues.CONTENT_TYPE_JSON);
        return batch("Creating the batch", uris.batches(), () -> request.submit(OpenAiJson.write(body)));
    }

    /**
     * Retrieves a batch.
     *
     * @param uris    the endpoint
     * @param apiKey  its key
     * @param batchId the batch
     * @return the batch as it is now
     */
    public WireBatch retrieve(BatchUris uris, Optional<String> apiKey, String batchId) {
        URI uri = uris.batch(batchId);
        HttpClientRequest request = request(client.get().uri(uri), apiKey);
        return batch("Polling the batch " + batchId, uri, request::request);
    }

    /**
     * Downloads a file and hands over each non-blank line as it is read.
     *
     * @param uris   the endpoint
     * @param apiKey its key
     * @param fileId the file
     * @param lines  receives every line
     */
    public void download(BatchUris uris, Optional<String> apiKey, String fileId, Consumer<String> lines) {
        URI uri = uris.content(fileId);
        String what = "Downloading the batch file " + fileId;
        try (HttpClientResponse response = send(uri, () -> request(client.get().uri(uri), apiKey).request())) {
            failUnlessOk(what, response);
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.inputStream(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.accept(line);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw WireErrors.of(Kind.UNREACHABLE, what + " failed: the connection broke.", Optional.of(e));
        }
    }

    private static HttpClientRequest request(HttpClientRequest request, Optional<String> apiKey) {
        request.header(HeaderValues.ACCEPT_JSON);
        apiKey.ifPresent(key -> request.header(HeaderNames.AUTHORIZATION, "Bearer " + key));
        return request;
    }

    private WireBatch batch(String what, URI uri, java.util.function.Supplier<HttpClientResponse> call) {
        JsonNode json = json(what, uri, call);
        try {
            return WireBatch.from(json);
        } catch (IllegalArgumentException e) {
            throw WireErrors.of(Kind.BAD_RESPONSE, what + " failed: the answer is not a batch object.", Optional.of(e));
        }
    }

    private JsonNode json(String what, URI uri, java.util.function.Supplier<HttpClientResponse> call) {
        try (HttpClientResponse response = send(uri, call)) {
            failUnlessOk(what, response);
            return OpenAiJson.readTree(response.inputStream());
        } catch (IOException | UncheckedIOException e) {
            throw WireErrors.of(Kind.BAD_RESPONSE, what + " failed: the answer is not JSON.", Optional.of(e));
        }
    }

    private static HttpClientResponse send(URI uri, java.util.function.Supplier<HttpClientResponse> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            String where = uri.getScheme() + "://" + uri.getAuthority();
            boolean timeout = hasCause(e, SocketTimeoutException.class);
            throw WireErrors.of(timeout ? Kind.TIMEOUT : Kind.UNREACHABLE,
                    "The upstream " + where + (timeout ? " did not answer in time." : " could not be reached."),
                    Optional.of(e));
        }
    }

    private static void failUnlessOk(String what, HttpClientResponse response) throws IOException {
        int status = response.status().code();
        if (status / 100 == 2) {
            return;
        }
        JsonNode error = MissingNode.getInstance();
        try (InputStream in = response.inputStream()) {
            JsonNode root = OpenAiJson.readTree(in.readNBytes(MAX_ERROR_BODY));
            if (root != null) {
                error = root.path("error");
            }
        } catch (IOException | RuntimeException unreadable) {
            // the status alone classifies it
        }
        throw WireErrors.http(what, status, error);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

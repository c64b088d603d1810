package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.OpenAiBatches;
import dev.ogem.providers.http.UpstreamHttp;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Files and Batches calls of one OpenAI-protocol endpoint on the shared {@link UpstreamHttp}: the key
 * goes as a bearer token and never into a message; network failures are classified as for chat calls.
 */
final class OpenAiBatchClient implements OpenAiBatches {


    private final UpstreamHttp http;
    private final URI baseUrl;
    private final Map<String, String> headers;

    OpenAiBatchClient(UpstreamHttp http, URI baseUrl, Optional<String> apiKey) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.headers = apiKey.map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String upload(String fileName, List<byte[]> lines) {
        String what = "Uploading the batch input file";
        BatchUpload body = BatchUpload.of("batch", fileName, lines);
        JsonNode file = json(what, http.postStreamed(OpenAiUris.resolve(baseUrl, "files"), headers,
                body.contentType(), body.length(), body::writeTo));
        return BatchWire.text(file, "id").orElseThrow(() -> OpenAiErrors.badResponse(
                what + " failed: the upstream answered without a file id.", Optional.empty()));
    }

    @Override
    public Job createBatch(String inputFileId, Map<String, String> metadata) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("input_file_id", inputFileId)
                .put("endpoint", CHAT_COMPLETIONS)
                .put("completion_window", "24h");
        if (!metadata.isEmpty()) {
            body.set("metadata", BatchMetadata.of(metadata));
        }
        return job("Creating the batch",
                http.postJson(OpenAiUris.resolve(baseUrl, "batches"), headers, OpenAiJson.write(body)));
    }

    @Override
    public Page batches(Optional<String> after, int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1..100: " + limit);
        }
        String query = "batches?limit=" + limit + after.map(id -> "&after=" + OpenAiUris.segment(id)).orElse("");
        String what = "Listing the batches";
        JsonNode json = json(what, http.get(OpenAiUris.resolve(baseUrl, query), headers));
        try {
            return BatchWire.page(json);
        } catch (IllegalArgumentException e) {
            throw OpenAiErrors.badResponse(what + " failed: the answer is not a list of batches.", Optional.of(e));
        }
    }

    @Override
    public Job batch(String batchId) {
        URI uri = OpenAiUris.resolve(baseUrl, "batches/" + OpenAiUris.segment(batchId));
        return job("Polling the batch " + batchId, http.get(uri, headers));
    }

    @Override
    public int results(String fileId, Consumer<Result> each) {
        URI uri = OpenAiUris.resolve(baseUrl, "files/" + OpenAiUris.segment(fileId) + "/content");
        String what = "Downloading the batch file " + fileId;
        int unreadable = 0;
        try (HttpClientResponse response = http.get(uri, headers)) {
            failUnlessOk(what, response);
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.inputStream(),
                    StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    Optional<Result> result = BatchWire.result(line);
                    if (result.isPresent()) {
                        each.accept(result.get());
                    } else {
                        unreadable++;
                    }
                }
            }
            return unreadable;
        } catch (IOException | UncheckedIOException e) {
            throw ProviderException.builder(ProviderException.Kind.UNREACHABLE, what + " failed: the connection broke.")
                    .cause(e).build();
        }
    }

    @Override
    public String toString() {
        return "OpenAiBatches[" + baseUrl + ", apiKey=" + (headers.isEmpty() ? "-" : "***") + "]";
    }

    private static Job job(String what, HttpClientResponse answer) {
        JsonNode json = json(what, answer);
        try {
            return BatchWire.job(json);
        } catch (IllegalArgumentException e) {
            throw OpenAiErrors.badResponse(what + " failed: the answer is not a batch object.", Optional.of(e));
        }
    }

    private static JsonNode json(String what, HttpClientResponse answer) {
        try (HttpClientResponse response = answer) {
            failUnlessOk(what, response);
            return OpenAiJson.readTree(response.inputStream());
        } catch (IOException | UncheckedIOException e) {
            throw OpenAiErrors.badResponse(what + " failed: the answer is not JSON.", Optional.of(e));
        }
    }

    private static void failUnlessOk(String what, HttpClientResponse response) {
        if (response.status().code() / 100 != 2) {
            throw OpenAiErrors.failed(what, response);
        }
    }
}

package dev.ogem.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ogem.api.OpenAiJson;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.io.InputStream;

/** Reads an upstream's error answer as JSON, bounded in size, whatever the protocol. */
public final class ErrorBody {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private ErrorBody() {
    }

    /**
     * The body of an error answer as a JSON tree.
     *
     * @param response a response whose status is not 200
     * @return the first 64 KiB of the body as JSON, or a missing node when it is empty, HTML or unreadable
     */
    public static JsonNode read(HttpClientResponse response) {
        try (InputStream in = response.inputStream()) {
            JsonNode root = OpenAiJson.readTree(in.readNBytes(MAX_ERROR_BODY));
            return root == null ? MissingNode.getInstance() : root;
        } catch (IOException | RuntimeException unreadable) {
            return MissingNode.getInstance();
        }
    }
}

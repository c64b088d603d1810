package dev.ogem.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.providers.http.UpstreamHttp;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A client for one OpenAI-protocol endpoint. Requests go out as the records write them, so fields
 * ogem does not model reach the upstream untouched; answers come back the same way.
 */
public final class OpenAiClient implements LlmClient {

    private static final ObjectMapper JSON = OpenAiJson.mapper();

    private final UpstreamHttp http;
    private final URI completionsUri;
    private final Map<String, String> headers;

    /**
     * A client for an endpoint.
     *
     * @param http    the shared HTTP client
     * @param baseUrl the API base, such as {@code https://api.openai.com/v1}
     * @param apiKey  the bearer key; empty for a server that needs none
     */
    public OpenAiClient(UpstreamHttp http, URI baseUrl, Optional<String> apiKey) {
        this.http = http;
        this.completionsUri = OpenAiUris.resolve(baseUrl, "chat/completions");
        this.headers = apiKey.map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        try (HttpClientResponse response = http.postJson(completionsUri, headers, write(request))) {
            if (response.status().code() != 200) {
                throw OpenAiErrors.from(response);
            }
            return JSON.readValue(response.inputStream(), ChatResponse.class);
        } catch (IOException e) {
            throw ProviderException.builder(ProviderException.Kind.BAD_RESPONSE,
                    "The upstream answered with a body that is not a chat completion.").cause(e).build();
        }
    }

    @Override
    public ChunkStream stream(ChatRequest request) {
        HttpClientResponse response = http.postJson(completionsUri, headers, write(request));
        if (response.status().code() != 200) {
            try (response) {
                throw OpenAiErrors.from(response);
            }
        }
        return new OpenAiChunkStream(response);
    }

    private static byte[] write(ChatRequest request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chat request could not be written as JSON", e);
        }
    }
}

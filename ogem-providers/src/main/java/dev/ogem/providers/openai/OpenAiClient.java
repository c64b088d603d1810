package dev.ogem.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatAnswer;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.Endpoint;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.ProviderException;
import dev.ogem.api.RateLimitListener;
import dev.ogem.providers.http.RateLimitHeaders;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamHttp;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A client for one OpenAI-protocol endpoint: chat completions and embeddings. Requests go out as the records
 * write them, so fields ogem does not model reach the upstream untouched; a chat answer comes back as the
 * bytes the upstream sent ({@link #answer}), stream chunks as the events' bytes.
 */
public final class OpenAiClient implements LlmClient {


    private final UpstreamHttp http;
    private final URI completionsUri;
    private final URI embeddingsUri;
    private final Map<String, String> headers;
    private final Optional<Endpoint> endpoint;
    private final String provider;
    private final RateLimitListener rateLimits;

    /**
     * A client for an endpoint that ignores the upstream's rate-limit headers.
     *
     * @param http    the shared HTTP client
     * @param baseUrl the API base, such as {@code https://api.openai.com/v1}
     * @param apiKey  the bearer key; empty for a server that needs none
     */
    public OpenAiClient(UpstreamHttp http, URI baseUrl, Optional<String> apiKey) {
        this(http, baseUrl, apiKey, Optional.empty(), RateLimitListener.NONE);
    }

    /**
     * A client for an endpoint that reports used-up upstream limits (from the
     * {@code x-ratelimit-*} headers of successful answers) to a listener.
     *
     * @param http       the shared HTTP client
     * @param baseUrl    the API base, such as {@code https://api.openai.com/v1}
     * @param apiKey     the bearer key; empty for a server that needs none
     * @param endpoint   the endpoint this client serves, named in the reports
     * @param rateLimits who hears about used-up limits
     */
    public OpenAiClient(UpstreamHttp http, URI baseUrl, Optional<String> apiKey, Endpoint endpoint,
                        RateLimitListener rateLimits) {
        this(http, baseUrl, apiKey, Optional.of(endpoint), rateLimits);
    }

    private OpenAiClient(UpstreamHttp http, URI baseUrl, Optional<String> apiKey, Optional<Endpoint> endpoint,
                         RateLimitListener rateLimits) {
        this.http = http;
        this.completionsUri = OpenAiUris.resolve(baseUrl, "chat/completions");
        this.embeddingsUri = OpenAiUris.resolve(baseUrl, "embeddings");
        this.headers = apiKey.map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
        this.endpoint = endpoint;
        this.provider = endpoint.map(e -> e.provider().name()).orElse(String.valueOf(baseUrl.getAuthority()));
        this.rateLimits = rateLimits;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        return answer(request).response();
    }

    /**
     * Sends the request and keeps the answer as the bytes received when one scan finds a whole chat completion
     * in them ({@link ChatAnswer#received}); anything else is parsed and checked as a completion, which
     * fills in what it lacks or says why it is none.
     */
    @Override
    public ChatAnswer answer(ChatRequest request) {
        try (HttpClientResponse response = http.postJson(completionsUri, headers, OpenAiJson.write(request))) {
            if (response.status().code() != 200) {
                throw OpenAiErrors.from(response, call(request));
            }
            reportLimits(response, request);
            long declared = response.headers().contentLength().orElse(-1L);
            return http.readAnswer(response, body -> {
                byte[] bytes = bytes(body, declared);
                Optional<ChatAnswer> received = ChatAnswer.received(bytes);
                return received.isPresent() ? received.get()
                        : ChatAnswer.of(whole(OpenAiJson.read(bytes, ChatResponse.class)));
            }, "a chat completion");
        }
    }

    /**
     * The whole body: into an array of the declared length when there is one (the body's bound was checked
     * against it), else grown from a small one; never through {@code readAllBytes}' 16 KiB chunks.
     */
    private static byte[] bytes(InputStream body, long declared) throws IOException {
        if (declared >= 0 && declared < Integer.MAX_VALUE - 8) {
            byte[] bytes = new byte[(int) declared];
            int read = body.readNBytes(bytes, 0, bytes.length);
            return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[1024];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * A 200 answer, checked to be a chat completion: not {@code null}, no {@code error} object, at least one
     * choice, each with a message. Negative token counts are refused by {@link dev.ogem.api.Usage} itself.
     */
    private static ChatResponse whole(ChatResponse response) {
        if (response == null) {
            throw badResponse("The upstream answered with null instead of a chat completion.");
        }
        JsonNode error = response.extra().get("error");
        if (error != null && !error.isNull()) {
            throw badResponse("The upstream answered HTTP 200 with an error object instead of a chat completion.");
        }
        if (response.choices().isEmpty() || response.choices().stream().anyMatch(choice -> choice.message() == null)) {
            throw badResponse("The upstream answered with a chat completion without a choice and its message.");
        }
        return response;
    }

    private static ProviderException badResponse(String message) {
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE, message);
    }

    @Override
    public ChunkStream stream(ChatRequest request) {
        HttpClientResponse response = http.postJson(completionsUri, headers, OpenAiJson.write(request));
        if (response.status().code() != 200) {
            try (response) {
                throw OpenAiErrors.from(response, call(request));
            }
        }
        reportLimits(response, request);
        return new OpenAiChunkStream(http.events(response), call(request));
    }

    /**
     * Sends the request as it is to {@code /embeddings} and reads the answer: one embedding per input item, no
     * {@code error} object (else a {@code BAD_RESPONSE}).
     */
    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        UpstreamCall call = new UpstreamCall(provider, request.model());
        try (HttpClientResponse response = http.postJson(embeddingsUri, headers, OpenAiJson.write(request))) {
            if (response.status().code() != 200) {
                throw OpenAiErrors.from(response, call);
            }
            endpoint.ifPresent(e -> RateLimitHeaders.report(response.headers(), e, request.model(), rateLimits));
            EmbeddingResponse answer = http.readAnswer(response, body -> OpenAiJson.read(body, EmbeddingResponse.class),
                    "an embeddings answer");
            if (answer == null || answer.extra().containsKey("error")
                    || answer.data().size() != request.inputs().size()
                    || answer.data().stream().anyMatch(e -> !e.embedding().isArray() && !e.embedding().isTextual())) {
                throw badResponse("The upstream answered without one embedding per input item.");
            }
            return answer;
        }
    }

    private UpstreamCall call(ChatRequest request) {
        return new UpstreamCall(provider, request.model());
    }

    private void reportLimits(HttpClientResponse response, ChatRequest request) {
        endpoint.ifPresent(e -> RateLimitHeaders.report(response.headers(), e, request.model(), rateLimits));
    }
}

package dev.ogem.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.EmbeddingRequest;
import dev.ogem.api.EmbeddingResponse;
import dev.ogem.api.LlmClient;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.StreamOptions;
import dev.ogem.providers.http.RequestImages;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamHttp;
import io.helidon.webclient.api.HttpClientResponse;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client for one Gemini endpoint (AI Studio, or one Vertex AI location). Translates each request,
 * posts it to the model's generateContent or streamGenerateContent URL (embeddings: see
 * {@link GeminiEmbeddings}) with the endpoint's auth headers, and translates the answer back. The images downloaded
 * for a request are held under the memory budget until its call is over (a stream's: until its answer began).
 * On Vertex, a 401 for a token that should still be valid is retried once with a fresh token.
 */
final class GeminiClient implements LlmClient {

    private final UpstreamHttp http;
    private final String provider;
    private final Function<String, GeminiUris.Target> uris;
    private final Supplier<Map<String, String>> headers;
    private final Runnable renewCredentials;
    private final GeminiRequests requests;
    private final GeminiEmbeddings embeddings;
    private final Clock clock;

    /**
     * A client.
     *
     * @param http             the shared HTTP client
     * @param provider         the provider's name, for the errors that name it
     * @param uris             the URLs of a model
     * @param headers          the auth headers, fetched per call
     * @param renewCredentials forgets a cached token (a no-op for API keys)
     * @param requests         the request translator
     * @param embeddings       embeddings on this host
     * @param clock            the clock for {@code created}
     */
    GeminiClient(UpstreamHttp http, String provider, Function<String, GeminiUris.Target> uris,
                 Supplier<Map<String, String>> headers, Runnable renewCredentials, GeminiRequests requests,
                 GeminiEmbeddings embeddings, Clock clock) {
        this.http = http;
        this.provider = provider;
        this.uris = uris;
        this.headers = headers;
        this.renewCredentials = renewCredentials;
        this.requests = requests;
        this.embeddings = embeddings;
        this.clock = clock;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        try (RequestImages images = requests.forRequest()) {
            byte[] body = OpenAiJson.write(requests.build(request, images));
            try (HttpClientResponse response = post(uris.apply(request.model()).generate(), body, call(request))) {
                JsonNode answer = http.readAnswer(response, OpenAiJson::readTree, "a GenerateContentResponse");
                return GeminiResponses.toChat(answer, request.model(), clock.instant().getEpochSecond());
            }
        }
    }

    @Override
    public ChunkStream stream(ChatRequest request) {
        HttpClientResponse response;
        try (RequestImages images = requests.forRequest()) {
            byte[] body = OpenAiJson.write(requests.build(request, images));
            response = post(uris.apply(request.model()).stream(), body, call(request));
        }
        boolean includeUsage = request.streamOptions().flatMap(StreamOptions::includeUsage).orElse(false);
        return new GeminiStream(http.events(response), call(request), includeUsage, clock.instant().getEpochSecond());
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        UpstreamCall call = new UpstreamCall(provider, request.model());
        return embeddings.embed(request, uris.apply(request.model()), (uri, body) -> {
            try (HttpClientResponse response = post(uri, OpenAiJson.write(body), call)) {
                return http.readAnswer(response, OpenAiJson::readTree, "an embeddings answer");
            }
        });
    }

    private UpstreamCall call(ChatRequest request) {
        return new UpstreamCall(provider, request.model());
    }

    private HttpClientResponse post(URI uri, byte[] body, UpstreamCall call) {
        HttpClientResponse response = http.postJson(uri, headers.get(), body);
        if (response.status().code() == 401) {
            response.close();
            renewCredentials.run();
            response = http.postJson(uri, headers.get(), body);
        }
        if (response.status().code() != 200) {
            try (HttpClientResponse failed = response) {
                throw GeminiErrors.from(failed, call);
            }
        }
        return response;
    }
}

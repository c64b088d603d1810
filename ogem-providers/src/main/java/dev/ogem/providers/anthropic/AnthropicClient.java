package dev.ogem.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ogem.api.ChatRequest;
import dev.ogem.api.ChatResponse;
import dev.ogem.api.ChunkStream;
import dev.ogem.api.LlmClient;
import dev.ogem.api.NativeRequest;
import dev.ogem.api.OpenAiJson;
import dev.ogem.api.StreamOptions;
import dev.ogem.providers.http.ImageFetcher;
import dev.ogem.providers.http.RequestImages;
import dev.ogem.providers.http.UpstreamCall;
import dev.ogem.providers.http.UpstreamHttp;
import io.helidon.http.Headers;
import io.helidon.webclient.api.HttpClientResponse;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A client for one Messages API endpoint (Anthropic or Claude on Vertex AI): translates each
 * request ({@link AnthropicRequests}), posts it, and translates the answer
 * ({@link AnthropicResponses}, {@link AnthropicStream}) or the error ({@link AnthropicErrors}).
 * The headers of each successful answer go to a reporter of used-up upstream rate limits. The images downloaded for
 * a request are held under the memory budget until its call is over (a stream's: until its answer began). A request
 * that came in as a Messages API request goes through untranslated ({@link AnthropicPassthrough}).
 */
final class AnthropicClient implements LlmClient {

    private final UpstreamHttp http;
    private final String provider;
    private final AnthropicTarget target;
    private final ImageFetcher images;
    private final Clock clock;
    private final BiConsumer<Headers, String> limits;
    private final AnthropicPassthrough passthrough;

    AnthropicClient(UpstreamHttp http, String provider, AnthropicTarget target, ImageFetcher images, Clock clock,
                    BiConsumer<Headers, String> limits) {
        this.http = http;
        this.provider = provider;
        this.target = target;
        this.images = images;
        this.clock = clock;
        this.limits = limits;
        this.passthrough = new AnthropicPassthrough(http, provider, target, clock, limits);
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Optional<NativeRequest> nativeRequest = AnthropicPassthrough.of(request.nativeRequest());
        if (nativeRequest.isPresent()) {
            return passthrough.complete(request.model(), nativeRequest.get());
        }
        ChatRequest plain = request.streaming() ? withoutStream(request) : request;
        try (RequestImages downloads = images.forRequest()) {
            AnthropicRequests.Translated call = AnthropicRequests.translate(plain, target.dialect(), downloads);
            try (HttpClientResponse response = post(plain.model(), false, call)) {
                if (response.status().code() != 200) {
                    throw AnthropicErrors.from(response, new UpstreamCall(provider, plain.model()));
                }
                limits.accept(response.headers(), plain.model());
                JsonNode message = http.readAnswer(response, OpenAiJson::readTree, "an Anthropic message");
                return AnthropicResponses.translate(message, plain.model(), call.jsonTool(), now());
            }
        }
    }

    @Override
    public ChunkStream stream(ChatRequest request) {
        Optional<NativeRequest> nativeRequest = AnthropicPassthrough.of(request.nativeRequest());
        if (nativeRequest.isPresent()) {
            return passthrough.stream(request.model(), nativeRequest.get());
        }
        AnthropicRequests.Translated call;
        HttpClientResponse response;
        try (RequestImages downloads = images.forRequest()) {
            call = AnthropicRequests.translate(request, target.dialect(), downloads);
            call.body().put("stream", true);
            response = post(request.model(), true, call);
        }
        if (response.status().code() != 200) {
            try (response) {
                throw AnthropicErrors.from(response, new UpstreamCall(provider, request.model()));
            }
        }
        limits.accept(response.headers(), request.model());
        boolean includeUsage = request.streamOptions().flatMap(StreamOptions::includeUsage).orElse(false);
        return new AnthropicStream(http.events(response), new UpstreamCall(provider, request.model()), call.jsonTool(),
                includeUsage, now());
    }

    private HttpClientResponse post(String model, boolean stream, AnthropicRequests.Translated call) {
        return http.postJson(target.uri(model, stream), target.headers(), OpenAiJson.write(call.body()));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static ChatRequest withoutStream(ChatRequest request) {
        return request.toBuilder().stream(false).build();
    }
}
